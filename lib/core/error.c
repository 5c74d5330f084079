/* Error names and messages, versions, diagnostics.
 * SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/core.h"

struct sla_diag {
    int code;
    int line;
    int column;
    char construct[48];
    char message[512];
};

static const struct {
    int code;
    const char *name;
    const char *message;
} errors[] = {
    {SLA_OK, "ok", "success"},
    {SLA_EINVAL, "invalid", "invalid argument"},
    {SLA_ENOMEM, "nomem", "out of memory"},
    {SLA_ERANGE, "range", "instant or result outside the supported range (1970-01-01 to 2200-01-01)"},
    {SLA_ENEVER, "never", "the calendar never opens or closes again in the supported range"},
    {SLA_EPARSE, "parse", "text could not be parsed"},
    {SLA_ENOZONE, "nozone", "no such time zone, or its data is unusable"},
    {SLA_EIO, "io", "a file could not be read"},
    {SLA_EUNSUPPORTED, "unsupported", "input that libsla does not handle"},
    {SLA_ELIMIT, "limit", "input exceeds a documented limit"},
    {SLA_EORDER, "order", "event older than the last event applied"},
    {SLA_ECLOSED, "closed", "event after the ticket was closed"},
    {SLA_ESTATE, "state", "the call does not fit the object's state"},
    {SLA_EVERSION, "version", "serialized data of an unknown format version"},
    {SLA_EUNSTABLE, "unstable", "the load reaches or exceeds the capacity of the queue"},
};

SLA_EXPORT const char *sla_strerror(int code)
{
    size_t i;
    for (i = 0; i < sizeof errors / sizeof errors[0]; i++)
        if (errors[i].code == code)
            return errors[i].message;
    return "unknown error";
}

SLA_EXPORT const char *sla_error_name(int code)
{
    size_t i;
    for (i = 0; i < sizeof errors / sizeof errors[0]; i++)
        if (errors[i].code == code)
            return errors[i].name;
    return "unknown";
}

SLA_EXPORT int sla_version_number(void)
{
    return SLA_VERSION_NUMBER;
}

SLA_EXPORT const char *sla_version_string(void)
{
    return SLA_VERSION_STRING;
}

SLA_EXPORT int sla_diag_new(sla_diag **ret)
{
    sla_diag *d;
    if (!ret)
        return SLA_EINVAL;
    d = sla__calloc(1, sizeof *d);
    if (!d)
        return SLA_ENOMEM;
    *ret = d;
    return 0;
}

SLA_EXPORT void sla_diag_free(sla_diag *diag)
{
    sla__free(diag);
}

SLA_EXPORT int sla_diag_code(const sla_diag *diag)
{
    return diag ? diag->code : 0;
}

SLA_EXPORT const char *sla_diag_message(const sla_diag *diag)
{
    return diag ? diag->message : "";
}

SLA_EXPORT int sla_diag_line(const sla_diag *diag)
{
    return diag ? diag->line : 0;
}

SLA_EXPORT int sla_diag_column(const sla_diag *diag)
{
    return diag ? diag->column : 0;
}

SLA_EXPORT const char *sla_diag_construct(const sla_diag *diag)
{
    return diag ? diag->construct : "";
}

void sla__diag_clear(sla_diag *diag)
{
    if (!diag)
        return;
    memset(diag, 0, sizeof *diag);
}

int sla__diag_set(sla_diag *diag, int code, int line, int column, const char *construct,
                  const char *fmt, ...)
{
    va_list ap;

    if (!diag)
        return code;
    diag->code = code;
    diag->line = line;
    diag->column = column;
    snprintf(diag->construct, sizeof diag->construct, "%s", construct ? construct : "");
    va_start(ap, fmt);
    vsnprintf(diag->message, sizeof diag->message, fmt, ap);
    va_end(ap);
    return code;
}
