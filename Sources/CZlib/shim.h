#ifndef WASTE_ROUTING_CZLIB_SHIM_H
#define WASTE_ROUTING_CZLIB_SHIM_H
#include <zlib.h>
#endif
