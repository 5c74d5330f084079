/* The public header is plain C89: this file must compile with
 * -std=c89 -pedantic -Werror -Wall -Wextra. It touches every kind of
 * declaration the header makes (types, enums, macros, functions).
 * SPDX-License-Identifier: MIT */
#include <libsla/sla.h>
#include <libsla/sla.h> /* the include guard works */

int header_c89_probe(void);

/* SLA_DEPRECATED is valid C89 where it expands (and where it does not). */
SLA_DEPRECATED("use header_c89_probe") SLA_EXPORT int header_c89_old(void);

int header_c89_probe(void)
{
    sla_calendar *cal = 0;
    sla_diag *diag = 0;
    int64_t t = SLA_TIME_MIN, u = SLA_TIME_MAX;
    int (*add)(const sla_calendar *, int64_t, int64_t, int64_t *) = sla_calendar_add;
    enum sla_error e = SLA_ENOMEM;
    enum sla_name_kind k = SLA_NAME_CLOCK_STATE;

    (void)diag;
    (void)add;
    (void)u;
    if (k != 3)
        return 1;
    if (SLA_VERSION_NUMBER != sla_version_number())
        return 1;
    return (int)e + sla_calendar_add(cal, t, 0, &t);
}
