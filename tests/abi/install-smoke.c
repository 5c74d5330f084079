/* Built against the INSTALLED header and pkg-config file, run against the
 * installed library: a user's first program.
 * Friday 2025-03-28 16:30 in Oslo plus one hour of Mo-Fr 09:00-17:00 is
 * Monday 2025-03-31 09:30, after the spring-forward change (expected values
 * from Python's zoneinfo). Exit 77 when the tz database is missing.
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include <libsla/sla.h>

int main(void)
{
    sla_calendar *cal = NULL;
    int64_t due = 0;
    int rc;

    if (strcmp(sla_version_string(), SLA_VERSION_STRING) != 0 ||
        sla_version_number() != SLA_VERSION_NUMBER) {
        fprintf(stderr, "header %s, library %s\n", SLA_VERSION_STRING, sla_version_string());
        return 1;
    }
    rc = sla_calendar_new("Europe/Oslo", "Mo-Fr 09:00-17:00", &cal, NULL);
    if (rc == SLA_ENOZONE) {
        printf("no tz database: skipped\n");
        return 77;
    }
    if (rc != 0 || sla_calendar_add(cal, 1743175800, 3600, &due) != 0 || due != 1743406200) {
        fprintf(stderr, "rc %d, due %lld\n", rc, (long long)due);
        sla_calendar_free(cal);
        return 1;
    }
    sla_calendar_free(cal);
    printf("installed libsla %s works\n", sla_version_string());
    return 0;
}
