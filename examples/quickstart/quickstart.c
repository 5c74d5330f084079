/* The README's quick start: when is a 15-minute email reply due? */
#include <stdio.h>
#include <libsla/sla.h>

int main(void)
{
    sla_calendar_builder *b;
    sla_calendar *cal;
    sla_diag *diag;
    int64_t received, due;
    char text[64];
    int r;

    sla_diag_new(&diag);
    /* Support is open Mo-Fr 09:00-17:00 in Oslo, closed on public holidays. */
    r = sla_calendar_builder_new("Europe/Oslo", &b);
    if (r == 0)
        r = sla_calendar_builder_set_hours(b, "Mo-Fr 09:00-17:00; PH off", diag);
    if (r == 0)
        r = sla_calendar_builder_add_holiday(b, 2025, 12, 25);
    if (r == 0)
        r = sla_calendar_builder_compile(b, &cal);
    sla_calendar_builder_free(b);
    if (r < 0) {
        fprintf(stderr, "calendar: %s %s\n", sla_strerror(r), sla_diag_message(diag));
        return 1;
    }

    /* An email arrives on Wednesday 24 December at 16:50 local time. */
    sla_parse_instant(cal, "2025-12-24T16:50:00+01:00", &received, diag);
    /* The reply is due 15 minutes of business time later. */
    r = sla_calendar_add(cal, received, 15 * 60, &due);
    if (r < 0) {
        fprintf(stderr, "add: %s\n", sla_strerror(r));
        return 1;
    }
    sla_format_instant(cal, due, text, sizeof text);
    printf("reply due %s\n", text); /* Friday 26 December, 09:05 */

    sla_calendar_free(cal);
    sla_diag_free(diag);
    return 0;
}
