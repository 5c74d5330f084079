/*
 * sla-watch --svg: a picture of the report. Top: the open clocks on a time
 * axis, one bar per clock from the start of its cycle to --now (counted,
 * paused, out of hours, stopped), with its deadline and the breach point.
 * Bottom: per channel, the first replies in business time as a histogram
 * against the channel's first-reply target.
 *
 * SPDX-License-Identifier: MIT
 * Copyright (c) The libsla authors
 */
#include "watch.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SVG_MAX_CLOCKS 40 /* clocks drawn; the rest are counted in a note */
#define SVG_BINS 12

static const char *const seg_colour[] = {"#4c78a8", "#f2a541", "#d9d9d9", "#d9d9d9", "#b0b0b0"};
static const char *const seg_label[] = {"counted", "paused", "out of hours", "holiday", "stopped"};

static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else if (*s == '"')
            fputs("&quot;", f);
        else if ((unsigned char)*s >= 0x20)
            fputc(*s, f);
    }
}

/* "04-16 08:15" (or with the year) in the report's zone. */
static void label_time(const watch *ws, int64_t t, char *buf, size_t size)
{
    char full[64];
    if (sla_format_instant(ws->disp, t, full, sizeof full) < 0 || strlen(full) < 16)
        snprintf(buf, size, "?");
    else
        snprintf(buf, size, "%.10s %.5s", full, full + 11);
}

/* A "nice" step (1, 2 or 5 x 10^k) giving about @p ticks ticks over @p span. */
static double nice_step(double span, int ticks)
{
    double raw, p, m;
    if (span <= 0.0)
        return 1.0;
    raw = span / ticks;
    p = pow(10.0, floor(log10(raw)));
    m = raw / p;
    return (m <= 1.0 ? 1.0 : m <= 2.0 ? 2.0 : m <= 5.0 ? 5.0 : 10.0) * p;
}

/* The clocks panel: returns its height. */
static double clocks_panel(const watch *ws, FILE *f, double x0, double y0, double w)
{
    size_t n = ws->n_rows < SVG_MAX_CLOCKS ? ws->n_rows : SVG_MAX_CLOCKS, i, k;
    const double rh = 16, label_w = 210, top = 34;
    double px = x0 + label_w, pw = w - label_w - 10, h;
    int64_t t0 = ws->now, t1 = ws->now;
    int64_t starts[256], ends[256];
    int kinds[256];

    for (i = 0; i < n; i++) {
        const row *r = &ws->rows[i];
        size_t ns = 0;
        if (sla_ticket_timeline(r->t, ws->now, r->metric, starts, ends, kinds, 256, &ns) == 0 &&
            ns > 0 && starts[0] < t0)
            t0 = starts[0];
        if (r->deadline != SLA_NO_TIME && r->deadline > t1)
            t1 = r->deadline;
    }
    if (t1 - t0 < 3600)
        t1 = t0 + 3600;
    /* Keep far deadlines from squeezing the picture: at most as far after now as before. */
    if (t1 - ws->now > 2 * (ws->now - t0) + 3600)
        t1 = ws->now + 2 * (ws->now - t0) + 3600;
    h = top + rh * (double)(n ? n : 1) + 44;
    fprintf(f,
            "<text x=\"%.0f\" y=\"%.0f\" font-size=\"15\" font-weight=\"bold\" "
            "fill=\"#222\">Open clocks at --now (%zu)</text>\n",
            x0, y0 + 18, ws->n_rows);
#define XOF(t) (px + pw * (double)((t)-t0) / (double)(t1 - t0))
    for (i = 0; i < n; i++) {
        const row *r = &ws->rows[i];
        double y = y0 + top + rh * (double)i;
        size_t ns = 0;
        fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" fill=\"%s\">", x0, y + 11,
                r->state == SLA_CLOCK_BREACHED ? "#c0392b" : "#333");
        xml_text(f, r->ticket);
        fprintf(f, " %s %s</text>\n", sla_metric_name(r->metric),
                sla_policy_channel_name(ws->pol, r->channel));
        if (sla_ticket_timeline(r->t, ws->now, r->metric, starts, ends, kinds, 256, &ns) != 0)
            ns = 0;
        for (k = 0; k < ns && k < 256; k++) {
            int64_t a = starts[k] < t0 ? t0 : starts[k], b = ends[k] > t1 ? t1 : ends[k];
            int kind = kinds[k] >= 0 && kinds[k] <= 4 ? kinds[k] : 2;
            if (b <= a)
                continue;
            fprintf(f,
                    "<rect class=\"seg-%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                    "height=\"%.0f\" fill=\"%s\"/>\n",
                    kind, XOF(a), y + 2, XOF(b) - XOF(a) > 0.5 ? XOF(b) - XOF(a) : 0.5, rh - 5,
                    seg_colour[kind]);
        }
        if (r->deadline != SLA_NO_TIME && r->deadline >= t0 && r->deadline <= t1)
            fprintf(f,
                    "<line class=\"deadline\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    "stroke=\"#c0392b\" stroke-width=\"2\"/>\n",
                    XOF(r->deadline), y + 1, XOF(r->deadline), y + rh - 2);
        if (r->state == SLA_CLOCK_BREACHED && r->deadline != SLA_NO_TIME && r->deadline >= t0 &&
            r->deadline <= ws->now)
            fprintf(f,
                    "<circle class=\"breach\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
                    "fill=\"#c0392b\"/>\n",
                    XOF(r->deadline), y + rh / 2 - 1);
    }
    /* --now, and the time axis. */
    {
        double yb = y0 + top + rh * (double)(n ? n : 1);
        double step = nice_step((double)(t1 - t0) / 3600.0, 6) * 3600.0;
        double t;
        char lab[64];
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\" "
                "stroke-dasharray=\"3 2\"/>\n",
                XOF(ws->now), y0 + top - 4, XOF(ws->now), yb + 4);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#666\"/>\n", px,
                yb + 4, px + pw, yb + 4);
        for (t = ceil((double)t0 / step) * step; t <= (double)t1; t += step) {
            label_time(ws, (int64_t)t, lab, sizeof lab);
            fprintf(f,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#666\"/>"
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" fill=\"#555\" "
                    "text-anchor=\"middle\">%s</text>\n",
                    XOF((int64_t)t), yb + 4, XOF((int64_t)t), yb + 8, XOF((int64_t)t), yb + 19,
                    lab);
        }
        label_time(ws, ws->now, lab, sizeof lab);
        fprintf(f,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#222\" "
                "text-anchor=\"middle\">now %s</text>\n",
                XOF(ws->now), y0 + top - 7, lab);
        if (ws->n_rows > n)
            fprintf(f,
                    "<text x=\"%.0f\" y=\"%.1f\" font-size=\"10\" fill=\"#555\">%zu more "
                    "open clocks not drawn (the %d nearest deadlines are)</text>\n",
                    x0, yb + 34, ws->n_rows - n, SVG_MAX_CLOCKS);
    }
#undef XOF
    return h;
}

/* The first-reply panel: returns its height. */
static double frt_panel(const watch *ws, FILE *f, double x0, double y0, double w)
{
    const double ph = 90, gap = 40, top = 30;
    double y = y0 + top;
    int c, drawn = 0;

    fprintf(f,
            "<text x=\"%.0f\" y=\"%.0f\" font-size=\"15\" font-weight=\"bold\" fill=\"#222\">"
            "First replies per channel (business time) against the target</text>\n",
            x0, y0 + 18);
    for (c = 0; c < ws->nch; c++) {
        int64_t target = -1, vmax;
        size_t counts[SVG_BINS] = {0}, cmax = 1, i;
        double bw, span;
        int b;
        if (!ws->n_frt[c])
            continue;
        sla_policy_lookup(ws->pol, SLA_METRIC_FIRST_REPLY, c, SLA_PRIORITY_NORMAL, &target, NULL);
        vmax = ws->frt[c][ws->n_frt[c] - 1];
        if (target > 0 && 2 * target > vmax)
            vmax = 2 * target;
        span = (double)(vmax > 0 ? vmax : 1) * 1.0001;
        for (i = 0; i < ws->n_frt[c]; i++) {
            int bin = (int)((double)ws->frt[c][i] / span * SVG_BINS);
            bin = bin < 0 ? 0 : bin >= SVG_BINS ? SVG_BINS - 1 : bin;
            if (++counts[bin] > cmax)
                cmax = counts[bin];
        }
        bw = (w - 120) / SVG_BINS;
        fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" font-size=\"12\" fill=\"#333\">%s</text>\n", x0,
                y + ph / 2, sla_policy_channel_name(ws->pol, c));
        fprintf(f,
                "<text x=\"%.0f\" y=\"%.1f\" font-size=\"10\" fill=\"#777\">%zu replies"
                "</text>\n",
                x0, y + ph / 2 + 14, ws->n_frt[c]);
        for (b = 0; b < SVG_BINS; b++) {
            double bh = ph * (double)counts[b] / (double)cmax;
            double lo = span * b / SVG_BINS;
            bool over = target >= 0 && lo >= (double)target;
            if (!counts[b])
                continue;
            fprintf(f,
                    "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    "fill=\"%s\"/>\n",
                    over ? "late" : "in-time", x0 + 110 + bw * b + 1, y + ph - bh, bw - 2, bh,
                    over ? "#c0392b" : "#2e8b57");
        }
        fprintf(f, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#666\"/>\n",
                x0 + 110, y + ph, x0 + 110 + bw * SVG_BINS, y + ph);
        if (target >= 0) {
            double tx = x0 + 110 + (w - 120) * (double)target / span;
            char tl[32];
            sla_format_duration(target, tl, sizeof tl);
            fprintf(f,
                    "<line class=\"target\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    "stroke=\"#222\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#222\">target %s"
                    "</text>\n",
                    tx, y - 4, tx, y + ph, tx + 4, y + 6, tl);
        }
        {
            char lo[32], hi[32];
            sla_format_duration(0, lo, sizeof lo);
            sla_format_duration(vmax, hi, sizeof hi);
            fprintf(f,
                    "<text x=\"%.0f\" y=\"%.1f\" font-size=\"9\" fill=\"#555\">%s</text>"
                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\" fill=\"#555\" "
                    "text-anchor=\"end\">%s</text>\n",
                    x0 + 110, y + ph + 12, lo, x0 + 110 + bw * SVG_BINS, y + ph + 12, hi);
        }
        y += ph + gap;
        drawn++;
    }
    if (!drawn) {
        fprintf(f,
                "<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" fill=\"#555\">no first reply "
                "yet</text>\n",
                x0, y + 14);
        y += 30;
    }
    return y - y0;
}

int watch_write_svg(const watch *ws, const char *path)
{
    const double W = 1000, L = 20;
    double h1, h2, H;
    FILE *f = fopen(path, "w");
    char nowbuf[64];
    int k;

    if (!f) {
        fprintf(stderr, "%s: --svg %s: %s\n", tool_prog, path, strerror(errno));
        return -1;
    }
    /* Heights first (the panels are drawn into a scratch stream), then the file. */
    {
        FILE *scratch = tmpfile();
        if (!scratch) {
            fclose(f);
            fprintf(stderr, "%s: --svg %s: %s\n", tool_prog, path, strerror(errno));
            return -1;
        }
        h1 = clocks_panel(ws, scratch, L, 60, W - 2 * L);
        h2 = frt_panel(ws, scratch, L, 60 + h1, W - 2 * L);
        fclose(scratch);
    }
    H = 60 + h1 + h2 + 10;
    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" font-family=\"DejaVu Sans, Helvetica, Arial, "
            "sans-serif\">\n",
            W, H, W, H);
    fprintf(f, "<title>SLA clocks at --now</title>\n"
               "<rect width=\"100%%\" height=\"100%%\" fill=\"#ffffff\"/>\n");
    if (sla_format_instant(ws->disp, ws->now, nowbuf, sizeof nowbuf) < 0)
        snprintf(nowbuf, sizeof nowbuf, "?");
    fprintf(f,
            "<text x=\"%.0f\" y=\"22\" font-size=\"17\" font-weight=\"bold\" fill=\"#222\">"
            "SLA clocks of ",
            L);
    xml_text(f, ws->log.name ? ws->log.name : "the log");
    fprintf(f, " at %s</text>\n", nowbuf);
    /* Legend. */
    for (k = 0; k < 5; k++) {
        double x = L + 120.0 * (k == 4 ? 3 : k);
        if (k == 3)
            continue;
        fprintf(f,
                "<rect x=\"%.0f\" y=\"32\" width=\"14\" height=\"10\" fill=\"%s\"/>"
                "<text x=\"%.0f\" y=\"41\" font-size=\"11\" fill=\"#333\">%s</text>\n",
                x, seg_colour[k], x + 18, seg_label[k]);
    }
    fprintf(f,
            "<line x1=\"%.0f\" y1=\"32\" x2=\"%.0f\" y2=\"44\" stroke=\"#c0392b\" "
            "stroke-width=\"2\"/><text x=\"%.0f\" y=\"41\" font-size=\"11\" fill=\"#333\">"
            "deadline</text><circle cx=\"%.0f\" cy=\"38\" r=\"4\" fill=\"#c0392b\"/>"
            "<text x=\"%.0f\" y=\"41\" font-size=\"11\" fill=\"#333\">breached</text>\n",
            L + 480, L + 480, L + 486, L + 580, L + 588);
    clocks_panel(ws, f, L, 60, W - 2 * L);
    frt_panel(ws, f, L, 60 + h1, W - 2 * L);
    fprintf(f, "</svg>\n");
    if (fclose(f) != 0) {
        fprintf(stderr, "%s: --svg %s: write error\n", tool_prog, path);
        return -1;
    }
    return 0;
}
