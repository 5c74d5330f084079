// The public header compiles as C++98 (-pedantic -Werror) and its functions
// link from C++: extern "C" is in place. Run: prints the version.
// SPDX-License-Identifier: MIT
#include <libsla/sla.h>

#include <cstdio>
#include <cstring>

SLA_DEPRECATED("use main") int header_cxx_old();

int main()
{
    sla_calendar *cal = NULL;
    int64_t t = 0;
    if (std::strcmp(sla_version_string(), SLA_VERSION_STRING) != 0)
        return 1;
    if (sla_calendar_add(cal, 0, 0, &t) != SLA_EINVAL)
        return 1;
    int v = 0;
    if (sla_name_lookup(SLA_NAME_PRIORITY, "urgent", &v) != 0 || v != SLA_PRIORITY_URGENT)
        return 1;
    std::printf("libsla %s from C++\n", sla_version_string());
    return 0;
}
