/*
 * sla-staff: terminal heat maps
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "staff.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char ascii_ramp[] = " .:-=+*#%@";
static const char *const shade_ramp[] = {" ", "\u2591", "\u2592", "\u2593", "\u2588"};
/* 256-colour backgrounds, pale yellow to dark red. */
static const int color_ramp[] = {230, 229, 222, 215, 209, 203, 167, 160, 124};

static int ramp_levels(enum style st)
{
    switch (st) {
    case STYLE_ASCII:
        return (int)sizeof ascii_ramp - 1;
    case STYLE_SHADES:
        return 5;
    default:
        return (int)(sizeof color_ramp / sizeof *color_ramp) + 1;
    }
}

/*
 * Level 0 only for zero; otherwise 1 ... levels-1 by share of the maximum.
 * Whole numbers up to levels-1 (agent counts) get one level each.
 */
static int level_of(double v, double max, int levels, bool exact)
{
    if (v <= 0.0 || max <= 0.0)
        return 0;
    if (exact)
        return (int)v;
    int l = (int)ceil(v / max * (levels - 1) - 1e-9);
    return l < 1 ? 1 : l > levels - 1 ? levels - 1 : l;
}

static int cell_color = -1; /* the background colour in effect on this row, -1: none */

static void put_cell(enum style st, int level)
{
    switch (st) {
    case STYLE_ASCII:
        putchar(ascii_ramp[level]);
        break;
    case STYLE_SHADES:
        fputs(shade_ramp[level], stdout);
        break;
    default:
        if (level == 0) {
            if (cell_color >= 0)
                fputs("\033[0m", stdout);
            cell_color = -1;
        } else if (cell_color != color_ramp[level - 1]) {
            cell_color = color_ramp[level - 1];
            printf("\033[48;5;%dm", cell_color);
        }
        putchar(' ');
        break;
    }
}

/*
 * A 7 x cols map of @p v (336 half-hour values). With 24 columns, an hour
 * shows the sum of its two half hours (contacts) or their maximum (agents).
 */
/* End a run of coloured cells. */
static void end_cells(void)
{
    if (cell_color >= 0)
        fputs("\033[0m", stdout);
    cell_color = -1;
}

void heat_map(const char *title, const double *v, bool sum_hours, int cols, enum style st,
              const char *row_label, int decimals)
{
    double cell[7][PER_DAY];
    double rowval[7];
    double max = 0.0;
    int per = PER_DAY / cols;
    for (int d = 0; d < 7; d++) {
        rowval[d] = 0.0;
        for (int c = 0; c < cols; c++) {
            double x = 0.0;
            for (int k = 0; k < per; k++) {
                double y = v[d * PER_DAY + c * per + k];
                x = sum_hours ? x + y : (y > x ? y : x);
            }
            cell[d][c] = x;
            if (x > max)
                max = x;
        }
        for (int k = 0; k < PER_DAY; k++) {
            double y = v[d * PER_DAY + k];
            rowval[d] = sum_hours ? rowval[d] + y : (y > rowval[d] ? y : rowval[d]);
        }
    }
    int levels = ramp_levels(st);
    bool whole = true;
    for (int b = 0; b < NB; b++)
        if (v[b] != floor(v[b]))
            whole = false;
    bool exact = whole && max <= levels - 1;
    if (exact)
        levels = (int)max + 1;
    printf("%s\n", title);
    printf("     ");
    int step = cols == PER_DAY ? 6 : 3; /* columns between labels: every 3 hours */
    for (int c = 0; c < cols; c += step) {
        int h = c * 24 / cols;
        printf("%02d%*s", h, step - 2, "");
    }
    printf("  %s\n", row_label);
    for (int d = 0; d < 7; d++) {
        printf("%s |", day_names[d]);
        for (int c = 0; c < cols; c++)
            put_cell(st, level_of(cell[d][c], max, levels, exact));
        end_cells();
        printf("| %.*f\n", decimals, rowval[d]);
    }
    printf("     scale:");
    for (int l = 0; l < levels; l++) {
        putchar(' ');
        put_cell(st, l);
        end_cells();
        if (l == 0)
            printf(" 0");
        else if (exact)
            printf(" %d", l);
        else
            printf(" <=%.*f", max < 20 && !whole ? 1 : 0, max * l / (levels - 1));
    }
    printf("  (%s)\n\n", cols == PER_DAY ? "one column per half hour"
                         : sum_hours     ? "one column per hour, summed"
                                         : "one column per hour, the larger");
}
