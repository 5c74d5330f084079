/*
 * sla-staff: the SVG chart
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

static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<':
            fputs("&lt;", f);
            break;
        case '>':
            fputs("&gt;", f);
            break;
        case '&':
            fputs("&amp;", f);
            break;
        case '"':
            fputs("&quot;", f);
            break;
        default:
            if ((unsigned char)*s >= 0x20 || *s == '\t')
                fputc(*s, f);
            break;
        }
    }
}

/* A "nice" axis step (1, 2 or 5 x 10^k) giving about @p ticks ticks. */
static double nice_step(double max, int ticks)
{
    if (max <= 0.0)
        return 1.0;
    double raw = max / ticks;
    double p = pow(10.0, floor(log10(raw)));
    double m = raw / p;
    return (m <= 1.0 ? 1.0 : m <= 2.0 ? 2.0 : m <= 5.0 ? 5.0 : 10.0) * p;
}

int write_svg(const struct options *o, const struct report *rp)
{
    FILE *f = fopen(o->svg, "w");
    if (!f) {
        fprintf(stderr, "%s: %s: %s\n", tool_prog, o->svg, strerror(errno));
        return EXIT_FAIL;
    }
    const double L = 70, R = 70, T = 78, B = 64, BW = 3.0;
    const double PW = BW * NB, PH = 300;
    const double W = L + PW + R, H = T + PH + B;
    double cmax = 0, amax = 0;
    for (int b = 0; b < NB; b++) {
        if (rp->profile[b] > cmax)
            cmax = rp->profile[b];
        if (rp->scheduled[b] > amax)
            amax = rp->scheduled[b];
    }
    double cstep = nice_step(cmax, 5), astep = nice_step(amax, 5);
    if (astep < 1.0)
        astep = 1.0;
    /* Headroom above the highest bar and line. */
    double ctop = floor(cmax / cstep + 1.0) * cstep, atop = floor(amax / astep + 1.0) * astep;
    if (ctop <= 0)
        ctop = cstep;
    if (atop <= 0)
        atop = astep;
    /* Make both axes share the grid: the same number of steps. */
    int csteps = (int)lround(ctop / cstep), asteps = (int)lround(atop / astep);
    int steps = csteps > asteps ? csteps : asteps;
    ctop = cstep * steps;
    atop = astep * steps;

    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Helvetica, Arial, "
            "sans-serif\" font-size=\"12\">\n",
            W, H, W, H);
    fprintf(f, "<title>Contacts and agents needed per half hour</title>\n");
    fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
    /* Title and subtitle. */
    fprintf(f,
            "<text x=\"%.0f\" y=\"26\" font-size=\"17\" font-weight=\"bold\" "
            "fill=\"#222\">Contacts and agents needed per half hour of the week</text>\n",
            L);
    fprintf(f, "<text x=\"%.0f\" y=\"46\" fill=\"#555\">", L);
    xml_text(f, rp->source);
    fprintf(f,
            " \xC2\xB7 %s, AHT %.0f s, %.0f%% in %.0f s, occupancy \xE2\x89\xA4 %.0f%%, "
            "shrinkage %.0f%%%s \xC2\xB7 zone ",
            o->patience > 0 ? "Erlang A" : "Erlang C", o->aht, o->level * 100.0, o->answer_time,
            o->max_occupancy * 100.0, o->shrinkage * 100.0, "");
    xml_text(f, o->tz);
    fprintf(f, "</text>\n");

    /* Closed periods: grey bands, darker the more of the half hour is closed. */
    fprintf(f, "<g fill=\"#9aa0a6\">\n");
    for (int b = 0; b < NB;) {
        double shut = 1.0 - rp->open_fraction[b];
        int e = b + 1;
        while (e < NB && fabs((1.0 - rp->open_fraction[e]) - shut) < 1e-9)
            e++;
        if (shut > 1e-9)
            fprintf(f,
                    "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" height=\"%.0f\" "
                    "fill-opacity=\"%.3f\"/>\n",
                    L + b * BW, T, (e - b) * BW, PH, 0.28 * shut);
        b = e;
    }
    fprintf(f, "</g>\n");

    /* Grid and axes' numbers. */
    fprintf(f, "<g stroke=\"#e3e3e3\" stroke-width=\"1\">\n");
    for (int k = 1; k <= steps; k++) {
        double y = T + PH - PH * k / steps;
        fprintf(f, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\"/>\n", L, y, L + PW, y);
    }
    fprintf(f, "</g>\n<g fill=\"#4c78a8\" text-anchor=\"end\">\n");
    for (int k = 0; k <= steps; k++) {
        double y = T + PH - PH * k / steps;
        fprintf(f, "<text x=\"%.0f\" y=\"%.1f\">%g</text>\n", L - 6, y + 4, cstep * k);
    }
    fprintf(f, "</g>\n<g fill=\"#c0392b\" text-anchor=\"start\">\n");
    for (int k = 0; k <= steps; k++) {
        double y = T + PH - PH * k / steps;
        fprintf(f, "<text x=\"%.0f\" y=\"%.1f\">%g</text>\n", L + PW + 6, y + 4, astep * k);
    }
    fprintf(f, "</g>\n");

    /* Bars of contacts. */
    fprintf(f, "<g fill=\"#4c78a8\">\n");
    for (int b = 0; b < NB; b++) {
        if (rp->profile[b] <= 0)
            continue;
        double h = PH * rp->profile[b] / ctop;
        fprintf(f, "<rect x=\"%.1f\" y=\"%.2f\" width=\"%.1f\" height=\"%.2f\"/>\n",
                L + b * BW + 0.3, T + PH - h, BW - 0.6, h);
    }
    fprintf(f, "</g>\n");

    /* Step lines: agents needed (solid) and scheduled (dashed). */
    for (int which = 0; which < 2; which++) {
        const int *v = which ? rp->scheduled : rp->agents;
        fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s d=\"",
                which ? "#e67e22" : "#c0392b", which ? "1.5" : "2",
                which ? " stroke-dasharray=\"4 3\"" : "");
        for (int b = 0; b < NB; b++) {
            double y = T + PH - PH * v[b] / atop;
            if (b == 0)
                fprintf(f, "M%.1f %.2f", L, y);
            else
                fprintf(f, "V%.2f", y);
            fprintf(f, "H%.1f", L + (b + 1) * BW);
        }
        fprintf(f, "\"/>\n");
    }

    /* Day separators, day names and hour ticks. */
    fprintf(f, "<g stroke=\"#666\" stroke-width=\"1\">\n");
    for (int d = 0; d <= 7; d++) {
        double x = L + d * PER_DAY * BW;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\"/>\n", x, T, x,
                T + PH + 22);
    }
    for (int d = 0; d < 7; d++)
        for (int h = 6; h < 24; h += 6) {
            double x = L + (d * PER_DAY + h * 2) * BW;
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\"/>\n", x, T + PH, x,
                    T + PH + 4);
        }
    fprintf(f, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\"/>\n", L, T + PH, L + PW,
            T + PH);
    fprintf(f, "</g>\n<g fill=\"#777\" font-size=\"9\" text-anchor=\"middle\">\n");
    for (int d = 0; d < 7; d++)
        for (int h = 6; h < 24; h += 6)
            fprintf(f, "<text x=\"%.1f\" y=\"%.0f\">%02d</text>\n", L + (d * PER_DAY + h * 2) * BW,
                    T + PH + 14, h);
    fprintf(f, "</g>\n<g fill=\"#222\" font-size=\"13\" text-anchor=\"middle\">\n");
    for (int d = 0; d < 7; d++)
        fprintf(f, "<text x=\"%.1f\" y=\"%.0f\">%s</text>\n", L + (d + 0.5) * PER_DAY * BW,
                T + PH + 32, day_names[d]);
    fprintf(f, "</g>\n");

    /* Axis titles. */
    fprintf(f,
            "<text transform=\"translate(%.0f %.0f) rotate(-90)\" text-anchor=\"middle\" "
            "fill=\"#4c78a8\">contacts per half hour</text>\n",
            L - 48, T + PH / 2);
    fprintf(f,
            "<text transform=\"translate(%.0f %.0f) rotate(90)\" text-anchor=\"middle\" "
            "fill=\"#c0392b\">agents</text>\n",
            L + PW + 44, T + PH / 2);
    fprintf(f,
            "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" fill=\"#555\">local time "
            "(",
            L + PW / 2, H - 8);
    xml_text(f, o->tz);
    fprintf(f, "), Monday to Sunday; shaded: closed (");
    xml_text(f, o->hours);
    fprintf(f, "), %.1f%% of contacts</text>\n", rp->closed_share * 100.0);

    /* Legend. */
    double lx = L, ly = 62;
    fprintf(f, "<g font-size=\"12\" fill=\"#333\">\n");
    fprintf(f,
            "<rect x=\"%.0f\" y=\"%.0f\" width=\"14\" height=\"10\" fill=\"#4c78a8\"/>"
            "<text x=\"%.0f\" y=\"%.0f\">contacts</text>\n",
            lx, ly - 9, lx + 19, ly);
    lx += 90;
    fprintf(f,
            "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#c0392b\" "
            "stroke-width=\"2\"/><text x=\"%.0f\" y=\"%.0f\">agents needed</text>\n",
            lx, ly - 4, lx + 18, ly - 4, lx + 23, ly);
    lx += 120;
    fprintf(f,
            "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#e67e22\" "
            "stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/><text x=\"%.0f\" y=\"%.0f\">"
            "to schedule (with shrinkage)</text>\n",
            lx, ly - 4, lx + 18, ly - 4, lx + 23, ly);
    lx += 200;
    fprintf(f,
            "<rect x=\"%.0f\" y=\"%.0f\" width=\"14\" height=\"10\" fill=\"#9aa0a6\" "
            "fill-opacity=\"0.28\" stroke=\"#bbb\"/><text x=\"%.0f\" y=\"%.0f\">closed</text>\n",
            lx, ly - 9, lx + 19, ly);
    fprintf(f, "</g>\n</svg>\n");
    if (fclose(f) != 0) {
        fprintf(stderr, "%s: %s: write error\n", tool_prog, o->svg);
        return EXIT_FAIL;
    }
    return 0;
}
