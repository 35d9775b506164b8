#ifndef SEDIA_CLIBICAL_SHIM_H
#define SEDIA_CLIBICAL_SHIM_H
// The one place Swift sees libical's C API. Variadic and macro-only calls get small wrappers here.
#include <libical/ical.h>
#endif
