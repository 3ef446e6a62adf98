// Plugin.h — everything a plugin includes: the descriptor macro and every extension point.
#pragma once

#include "rotunda/plugin/Abi.h"
#include "rotunda/plugin/Registrar.h"
