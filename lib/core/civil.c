/* Proleptic Gregorian calendar arithmetic on day numbers (1970-01-01 = 0),
 * by the era-of-400-years method: exact for any year, no loops.
 * SPDX-License-Identifier: MIT */
#include "core/core.h"

bool sla__is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned sla__days_in_month(int64_t y, unsigned m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && sla__is_leap(y) ? 29 : dim[m - 1];
}

int64_t sla__days_from_civil(int64_t y, unsigned m, unsigned d)
{
    int64_t era, yoe, doy, doe;

    y -= m <= 2;
    era = sla__floordiv(y, 400);
    yoe = y - era * 400;                                         /* [0, 399] */
    doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                  /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void sla__civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t era, doe, yoe, doy, mp, yy;

    z += 719468;
    era = sla__floordiv(z, 146097);
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    yy = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yy + (*m <= 2);
}

int sla__weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday (3 with Monday = 0). */
    return (int)sla__floormod(days + 3, 7);
}
