/* SLA policies: ordered targets, channel and calendar registries, the policy
 * text format and the market-leading defaults.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "clock/policy.h"
#include "core/hash.h"

static const char *const builtin_channels[SLA_CHANNEL_USER] = {"email",     "chat", "phone",
                                                               "social",    "messaging", "web"};

uint32_t sla__metric_own_pause(int metric)
{
    switch (metric) {
    case SLA_METRIC_PAUSABLE_UPDATE:
    case SLA_METRIC_REQUESTER_WAIT:
        return SLA_PAUSE_PENDING;
    case SLA_METRIC_AGENT_WORK:
        return SLA_PAUSE_PENDING | SLA_PAUSE_ON_HOLD;
    default:
        return 0;
    }
}

int sla__metric_cycled(int metric)
{
    return metric == SLA_METRIC_NEXT_REPLY || metric == SLA_METRIC_PERIODIC_UPDATE ||
           metric == SLA_METRIC_PAUSABLE_UPDATE;
}

/* ---- lookup table ---- */

static bool target_matches(const sla__target *tg, int channel, int priority)
{
    return (tg->channel == SLA_ANY || tg->channel == channel) &&
           (tg->priority == SLA_ANY || tg->priority == priority);
}

/* Fill the entries still unset that target i matches (targets are added in
 * order, so an entry set earlier belongs to an earlier target). */
static void lut_add_target(sla_policy *p, size_t i)
{
    const sla__target *tg = &p->targets[i];
    size_t ch;
    int pr;
    for (ch = 0; ch < p->n_channels; ch++)
        for (pr = 0; pr < 4; pr++)
            if (p->lut[tg->metric][ch][pr] < 0 && target_matches(tg, (int)ch, pr))
                p->lut[tg->metric][ch][pr] = (int16_t)i;
}

static void lut_add_channel(sla_policy *p, size_t ch)
{
    size_t i;
    int pr;
    for (i = p->n_targets; i-- > 0;) {
        const sla__target *tg = &p->targets[i];
        for (pr = 0; pr < 4; pr++)
            if (target_matches(tg, (int)ch, pr))
                p->lut[tg->metric][ch][pr] = (int16_t)i;
    }
}

static void commit_target(sla_policy *p, size_t i)
{
    const sla__target *tg = &p->targets[i];
    uint64_t h = p->fingerprint;
    int k;
    h = sla__fnv1a64_i64(h, tg->metric);
    h = sla__fnv1a64_i64(h, tg->channel);
    h = sla__fnv1a64_i64(h, tg->priority);
    h = sla__fnv1a64_i64(h, tg->target);
    h = sla__fnv1a64_i64(h, tg->cal != NULL);
    h = sla__fnv1a64_i64(h, tg->pause);
    for (k = 0; k < tg->n_warn; k++)
        h = sla__fnv1a64_i64(h, tg->warn[k]);
    p->fingerprint = h;
    lut_add_target(p, i);
}

static void commit_channel(sla_policy *p, size_t ch)
{
    p->fingerprint =
        sla__fnv1a64(p->fingerprint, p->channels[ch], strlen(p->channels[ch]) + 1);
    lut_add_channel(p, ch);
}

/* ---- policy object ---- */

SLA_EXPORT int sla_policy_new(sla_policy **ret)
{
    sla_policy *p;
    size_t i;

    if (!ret)
        return SLA_EINVAL;
    p = sla__calloc(1, sizeof *p);
    if (!p)
        return SLA_ENOMEM;
    memset(p->lut, 0xff, sizeof p->lut);
    p->fingerprint = SLA__FNV64_BASIS;
    if (sla__grow((void **)&p->channels, &p->cap_channels, 16, sizeof *p->channels) < 0) {
        sla__free(p);
        return SLA_ENOMEM;
    }
    for (i = 0; i < SLA_CHANNEL_USER; i++) {
        strcpy(p->channels[i], builtin_channels[i]);
        p->n_channels = i + 1;
        commit_channel(p, i);
    }
    *ret = p;
    return 0;
}

SLA_EXPORT void sla_policy_free(sla_policy *policy)
{
    if (!policy)
        return;
    sla__free(policy->targets);
    sla__free(policy->channels);
    sla__free(policy->cals);
    sla__free(policy);
}

static bool valid_channel_name(const char *s, size_t len)
{
    size_t i;
    if (len == 0 || len >= SLA__CHANNEL_NAME)
        return false;
    for (i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    }
    return true;
}

static int channel_find(const sla_policy *p, const char *s, size_t len)
{
    size_t i;
    for (i = 0; i < p->n_channels; i++)
        if (strlen(p->channels[i]) == len && memcmp(p->channels[i], s, len) == 0)
            return (int)i;
    return -1;
}

/* Append without committing (the caller commits or rolls back). */
static int channel_append(sla_policy *p, const char *s, size_t len, int *ret)
{
    int i = channel_find(p, s, len);
    if (i >= 0) {
        *ret = i;
        return 0;
    }
    if (!valid_channel_name(s, len))
        return SLA_EINVAL;
    if (p->n_channels >= SLA_CHANNEL_MAX)
        return SLA_ELIMIT;
    if (sla__grow((void **)&p->channels, &p->cap_channels, p->n_channels + 1,
                  sizeof *p->channels) < 0)
        return SLA_ENOMEM;
    memcpy(p->channels[p->n_channels], s, len);
    p->channels[p->n_channels][len] = '\0';
    *ret = (int)p->n_channels++;
    return 0;
}

SLA_EXPORT int sla_policy_add_channel(sla_policy *policy, const char *name, int *ret_channel)
{
    size_t before;
    int ch, r;

    if (!policy || !name)
        return SLA_EINVAL;
    before = policy->n_channels;
    r = channel_append(policy, name, strlen(name), &ch);
    if (r < 0)
        return r;
    if (policy->n_channels > before)
        commit_channel(policy, before);
    if (ret_channel)
        *ret_channel = ch;
    return 0;
}

SLA_EXPORT int sla_policy_channel(const sla_policy *policy, const char *name, int *ret_channel)
{
    int i;
    if (!policy || !name || !ret_channel)
        return SLA_EINVAL;
    i = channel_find(policy, name, strlen(name));
    if (i < 0)
        return SLA_EINVAL;
    *ret_channel = i;
    return 0;
}

SLA_EXPORT const char *sla_policy_channel_name(const sla_policy *policy, int channel)
{
    if (!policy || channel < 0 || (size_t)channel >= policy->n_channels)
        return NULL;
    return policy->channels[channel];
}

SLA_EXPORT int sla_policy_channel_count(const sla_policy *policy)
{
    return policy ? (int)policy->n_channels : 0;
}

SLA_EXPORT int sla_policy_add_calendar(sla_policy *policy, const char *name,
                                       const sla_calendar *cal)
{
    size_t i, len;

    if (!policy || !name || !cal)
        return SLA_EINVAL;
    len = strlen(name);
    if (len == 0 || len >= SLA__CALNAME_MAX || strcmp(name, "24/7") == 0 ||
        strcmp(name, "*") == 0 || strpbrk(name, " \t\r\n,=#"))
        return SLA_EINVAL;
    for (i = 0; i < policy->n_cals; i++)
        if (strcmp(policy->cals[i].name, name) == 0) {
            policy->cals[i].cal = cal;
            return 0;
        }
    if (policy->n_cals >= 64)
        return SLA_ELIMIT;
    if (sla__grow((void **)&policy->cals, &policy->cap_cals, policy->n_cals + 1,
                  sizeof *policy->cals) < 0)
        return SLA_ENOMEM;
    memcpy(policy->cals[policy->n_cals].name, name, len + 1);
    policy->cals[policy->n_cals].cal = cal;
    policy->n_cals++;
    return 0;
}

/* Validate and fill a target (not yet appended). */
static int make_target(const sla_policy *p, int metric, int channel, int priority, int64_t target,
                       const sla_calendar *cal, uint32_t pause, const int *warn, size_t n_warn,
                       sla__target *out)
{
    size_t k;

    if (metric < 0 || metric >= SLA_METRIC_COUNT)
        return SLA_EINVAL;
    if (channel != SLA_ANY && (channel < 0 || (size_t)channel >= p->n_channels))
        return SLA_EINVAL;
    if (priority != SLA_ANY && (priority < 0 || priority > SLA_PRIORITY_URGENT))
        return SLA_EINVAL;
    if (target < 0 || target >= SLA_TIME_MAX)
        return SLA_EINVAL;
    if (pause & ~(uint32_t)(SLA_PAUSE_NEW | SLA_PAUSE_OPEN | SLA_PAUSE_PENDING | SLA_PAUSE_ON_HOLD))
        return SLA_EINVAL;
    if (n_warn > SLA_WARN_MAX || (n_warn > 0 && !warn))
        return SLA_EINVAL;
    for (k = 0; k < n_warn; k++)
        if (warn[k] < 1 || warn[k] > 99 || (k > 0 && warn[k] <= warn[k - 1]))
            return SLA_EINVAL;
    memset(out, 0, sizeof *out);
    out->metric = metric;
    out->channel = channel;
    out->priority = priority;
    out->target = target;
    out->cal = cal;
    out->pause = pause | sla__metric_own_pause(metric);
    out->n_warn = (int)n_warn;
    for (k = 0; k < n_warn; k++) {
        out->warn[k] = warn[k];
        out->slot[k] = target / 100 * warn[k] + target % 100 * warn[k] / 100;
    }
    out->slot[n_warn] = target;
    return 0;
}

static int target_append(sla_policy *p, const sla__target *tg)
{
    if (p->n_targets >= SLA__TARGET_MAX)
        return SLA_ELIMIT;
    if (sla__grow((void **)&p->targets, &p->cap_targets, p->n_targets + 1, sizeof *p->targets) < 0)
        return SLA_ENOMEM;
    p->targets[p->n_targets++] = *tg;
    return 0;
}

SLA_EXPORT int sla_policy_add_target(sla_policy *policy, int metric, int channel, int priority,
                                     int64_t target, const sla_calendar *cal, uint32_t pause,
                                     const int *warn, size_t n_warn)
{
    sla__target tg;
    int r;

    if (!policy)
        return SLA_EINVAL;
    r = make_target(policy, metric, channel, priority, target, cal, pause, warn, n_warn, &tg);
    if (r < 0)
        return r;
    r = target_append(policy, &tg);
    if (r < 0)
        return r;
    commit_target(policy, policy->n_targets - 1);
    return 0;
}

SLA_EXPORT size_t sla_policy_target_count(const sla_policy *policy)
{
    return policy ? policy->n_targets : 0;
}

SLA_EXPORT int sla_policy_lookup(const sla_policy *policy, int metric, int channel, int priority,
                                 int64_t *ret_target, const sla_calendar **ret_cal)
{
    int i;
    if (!policy || !ret_target || metric < 0 || metric >= SLA_METRIC_COUNT || channel < 0 ||
        (size_t)channel >= policy->n_channels || priority < 0 || priority > SLA_PRIORITY_URGENT)
        return SLA_EINVAL;
    i = sla__policy_find(policy, metric, channel, priority);
    *ret_target = i < 0 ? -1 : policy->targets[i].target;
    if (ret_cal)
        *ret_cal = i < 0 ? NULL : policy->targets[i].cal;
    return 0;
}

SLA_EXPORT int sla_policy_new_default(const sla_calendar *business_hours,
                                      const sla_calendar *live_hours, sla_policy **ret)
{
    static const int warn[3] = {50, 75, 90};
    static const struct {
        int metric, channel;
        int64_t target;
        int live;
    } defs[] = {
        {SLA_METRIC_FIRST_REPLY, SLA_CHANNEL_EMAIL, 15 * 60, 0},
        {SLA_METRIC_NEXT_REPLY, SLA_CHANNEL_EMAIL, 15 * 60, 0},
        {SLA_METRIC_FIRST_REPLY, SLA_CHANNEL_CHAT, 30, 1},
        {SLA_METRIC_NEXT_REPLY, SLA_CHANNEL_CHAT, 30, 1},
        {SLA_METRIC_FIRST_REPLY, SLA_CHANNEL_SOCIAL, 60 * 60, 0},
        {SLA_METRIC_FIRST_REPLY, SLA_CHANNEL_PHONE, 20, 1},
    };
    sla_policy *p = NULL;
    size_t i;
    int r;

    if (!ret)
        return SLA_EINVAL;
    r = sla_policy_new(&p);
    if (r < 0)
        return r;
    if (business_hours && (r = sla_policy_add_calendar(p, "business", business_hours)) < 0)
        goto fail;
    if (live_hours && (r = sla_policy_add_calendar(p, "live", live_hours)) < 0)
        goto fail;
    for (i = 0; i < sizeof defs / sizeof defs[0]; i++) {
        r = sla_policy_add_target(p, defs[i].metric, defs[i].channel, SLA_ANY, defs[i].target,
                                  defs[i].live ? live_hours : business_hours, 0, warn, 3);
        if (r < 0)
            goto fail;
    }
    *ret = p;
    return 0;
fail:
    sla_policy_free(p);
    return r;
}

/* ---- policy text ---- */

typedef struct {
    const char *s; /* token start */
    size_t len;
    int col; /* 1-based */
} token;

static size_t split_tokens(const char *line, size_t len, token *tok, size_t max)
{
    size_t i = 0, n = 0;
    while (i < len) {
        while (i < len && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i >= len || line[i] == '#')
            break;
        if (n == max)
            return max + 1;
        size_t start = i;
        while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '#')
            i++;
        tok[n].s = line + start;
        tok[n].col = (int)start + 1;
        tok[n].len = i - start;
        n++;
    }
    return n;
}

/* Parse a comma list of names against `names`/`lookup`; `*` gives one SLA_ANY. */
typedef int (*name_fn)(const sla_policy *p, const char *s, size_t len);

static int lookup_priority(const sla_policy *p, const char *s, size_t len)
{
    (void)p;
    return sla__name_find(SLA__NAME_PRIORITY, s, len);
}

static int lookup_channel(const sla_policy *p, const char *s, size_t len)
{
    return channel_find(p, s, len);
}

static int lookup_pause(const sla_policy *p, const char *s, size_t len)
{
    int i;
    (void)p;
    i = sla__name_find(SLA__NAME_STATUS, s, len);
    return i > SLA_TICKET_ON_HOLD ? -1 : i;
}

static int parse_list(const sla_policy *p, const token *t, int line, const char *what,
                      name_fn fn, bool star, int *out, size_t max, size_t *n, sla_diag *diag)
{
    size_t i = 0, start;
    *n = 0;
    if (star && t->len == 1 && t->s[0] == '*') {
        out[0] = SLA_ANY;
        *n = 1;
        return 0;
    }
    while (i <= t->len) {
        int v;
        start = i;
        while (i < t->len && t->s[i] != ',')
            i++;
        v = i > start ? fn(p, t->s + start, i - start) : -1;
        if (v < 0)
            return sla__diag_set(diag, SLA_EPARSE, line, t->col + (int)start, what,
                                 "line %d, column %d: unknown %s '%.*s'", line,
                                 t->col + (int)start, what, (int)(i - start), t->s + start);
        if (*n >= max)
            return sla__diag_set(diag, SLA_ELIMIT, line, t->col + (int)start, what,
                                 "line %d, column %d: too many values in %s list", line,
                                 t->col + (int)start, what);
        out[(*n)++] = v;
        i++;
    }
    return 0;
}

static int parse_line(sla_policy *p, const char *line, size_t len, int ln, sla_diag *diag)
{
    token tok[16];
    size_t n = split_tokens(line, len, tok, 16), i, nch, npr, a, b;
    int metric, chans[SLA_CHANNEL_MAX], prios[4], r;
    int warn[SLA_WARN_MAX];
    size_t n_warn = 0;
    uint32_t pause = 0;
    const sla_calendar *cal = NULL;
    int64_t dur;
    char buf[64];

    if (n == 0)
        return 0;
    if (n > 16)
        return sla__diag_set(diag, SLA_EPARSE, ln, tok[15].col, "line",
                             "line %d, column %d: too many fields", ln, tok[15].col);
    if (tok[0].len == 7 && memcmp(tok[0].s, "channel", 7) == 0) {
        if (n < 2)
            return sla__diag_set(diag, SLA_EPARSE, ln, (int)len + 1, "channel",
                                 "line %d, column %d: expected a channel name", ln, (int)len + 1);
        for (i = 1; i < n; i++) {
            int ch;
            r = channel_append(p, tok[i].s, tok[i].len, &ch);
            if (r == SLA_EINVAL)
                return sla__diag_set(diag, SLA_EPARSE, ln, tok[i].col, "channel",
                                     "line %d, column %d: bad channel name '%.*s' (use a-z, 0-9, "
                                     "'_', '-'; at most 31 bytes)",
                                     ln, tok[i].col, (int)tok[i].len, tok[i].s);
            if (r < 0)
                return sla__diag_set(diag, r, ln, tok[i].col, "channel",
                                     "line %d, column %d: cannot add channel: %s", ln, tok[i].col,
                                     sla_strerror(r));
        }
        return 0;
    }
    metric = sla__name_find(SLA__NAME_METRIC, tok[0].s, tok[0].len);
    if (metric < 0)
        return sla__diag_set(diag, SLA_EPARSE, ln, tok[0].col, "metric",
                             "line %d, column %d: unknown metric '%.*s'", ln, tok[0].col,
                             (int)tok[0].len, tok[0].s);
    if (n < 4) {
        static const char *const need[] = {"", "channel", "priority", "duration"};
        return sla__diag_set(diag, SLA_EPARSE, ln, (int)len + 1, need[n],
                             "line %d, column %d: expected a %s", ln, (int)len + 1, need[n]);
    }
    r = parse_list(p, &tok[1], ln, "channel", lookup_channel, true, chans, SLA_CHANNEL_MAX, &nch,
                   diag);
    if (r < 0)
        return r;
    r = parse_list(p, &tok[2], ln, "priority", lookup_priority, true, prios, 4, &npr, diag);
    if (r < 0)
        return r;
    if (tok[3].len >= sizeof buf || tok[3].s[0] == '-')
        return sla__diag_set(diag, SLA_EPARSE, ln, tok[3].col, "duration",
                             "line %d, column %d: bad duration '%.*s'", ln, tok[3].col,
                             (int)tok[3].len, tok[3].s);
    memcpy(buf, tok[3].s, tok[3].len);
    buf[tok[3].len] = '\0';
    if (sla_parse_duration(buf, &dur, NULL) < 0 || dur < 0)
        return sla__diag_set(diag, SLA_EPARSE, ln, tok[3].col, "duration",
                             "line %d, column %d: bad duration '%s'", ln, tok[3].col, buf);
    for (i = 4; i < n; i++) {
        const token *t = &tok[i];
        const char *eq = memchr(t->s, '=', t->len);
        size_t klen = eq ? (size_t)(eq - t->s) : t->len;
        token v;
        if (!eq)
            return sla__diag_set(diag, SLA_EPARSE, ln, t->col, "option",
                                 "line %d, column %d: expected calendar=, pause= or warn=, got "
                                 "'%.*s'",
                                 ln, t->col, (int)t->len, t->s);
        v.s = eq + 1;
        v.len = t->len - klen - 1;
        v.col = t->col + (int)klen + 1;
        if (klen == 8 && memcmp(t->s, "calendar", 8) == 0) {
            size_t c;
            bool found = false;
            if ((v.len == 4 && memcmp(v.s, "24/7", 4) == 0) || (v.len == 1 && v.s[0] == '*')) {
                cal = NULL;
                continue;
            }
            for (c = 0; c < p->n_cals; c++)
                if (strlen(p->cals[c].name) == v.len && memcmp(p->cals[c].name, v.s, v.len) == 0) {
                    cal = p->cals[c].cal;
                    found = true;
                }
            if (!found)
                return sla__diag_set(diag, SLA_EPARSE, ln, v.col, "calendar",
                                     "line %d, column %d: unknown calendar '%.*s' (register it "
                                     "on the policy first)",
                                     ln, v.col, (int)v.len, v.s);
        } else if (klen == 5 && memcmp(t->s, "pause", 5) == 0) {
            int st[4];
            size_t ns, s;
            r = parse_list(p, &v, ln, "status", lookup_pause, false, st, 4, &ns, diag);
            if (r < 0)
                return r;
            for (s = 0; s < ns; s++)
                pause |= (uint32_t)1 << st[s];
        } else if (klen == 4 && memcmp(t->s, "warn", 4) == 0) {
            size_t pos = 0;
            n_warn = 0;
            while (pos <= v.len) {
                size_t st = pos;
                int val = 0;
                while (pos < v.len && v.s[pos] >= '0' && v.s[pos] <= '9' && val < 1000)
                    val = val * 10 + (v.s[pos++] - '0');
                if (pos == st || (pos < v.len && v.s[pos] != ',') || val < 1 || val > 99 ||
                    (n_warn > 0 && val <= warn[n_warn - 1]) || n_warn >= SLA_WARN_MAX)
                    return sla__diag_set(diag, SLA_EPARSE, ln, v.col + (int)st, "warn",
                                         "line %d, column %d: warnings are up to %d increasing "
                                         "percentages from 1 to 99",
                                         ln, v.col + (int)st, SLA_WARN_MAX);
                warn[n_warn++] = val;
                pos++;
            }
        } else {
            return sla__diag_set(diag, SLA_EPARSE, ln, t->col, "option",
                                 "line %d, column %d: unknown option '%.*s'", ln, t->col,
                                 (int)klen, t->s);
        }
    }
    for (a = 0; a < nch; a++)
        for (b = 0; b < npr; b++) {
            sla__target tg;
            r = make_target(p, metric, chans[a], prios[b], dur, cal, pause, warn, n_warn, &tg);
            if (r < 0)
                return sla__diag_set(diag, SLA_EPARSE, ln, tok[0].col, "target",
                                     "line %d: invalid target", ln);
            r = target_append(p, &tg);
            if (r < 0)
                return sla__diag_set(diag, r, ln, tok[0].col, "target", "line %d: %s", ln,
                                     sla_strerror(r));
        }
    return 0;
}

SLA_EXPORT int sla_policy_parse(sla_policy *policy, const char *text, sla_diag *diag)
{
    size_t t0, c0, i;
    const char *s, *nl;
    int ln = 1, r = 0;

    if (!policy || !text)
        return sla__diag_set(diag, SLA_EINVAL, 0, 0, "", "invalid argument");
    t0 = policy->n_targets;
    c0 = policy->n_channels;
    for (s = text;; s = nl + 1, ln++) {
        size_t len;
        nl = strchr(s, '\n');
        len = nl ? (size_t)(nl - s) : strlen(s);
        if (len > 0 && s[len - 1] == '\r')
            len--;
        r = parse_line(policy, s, len, ln, diag);
        if (r < 0 || !nl)
            break;
    }
    if (r < 0) {
        policy->n_targets = t0;
        policy->n_channels = c0;
        return r;
    }
    for (i = c0; i < policy->n_channels; i++)
        commit_channel(policy, i);
    for (i = t0; i < policy->n_targets; i++)
        commit_target(policy, i);
    sla__diag_clear(diag);
    return 0;
}
