#ifndef WASTE_ROUTING_CGLPK_SHIM_H
#define WASTE_ROUTING_CGLPK_SHIM_H
#include <glpk.h>
#endif
