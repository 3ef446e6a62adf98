// rotundad.cpp — entry point of the Rotunda server.
#include "app/RotundaServer.h"

POCO_SERVER_MAIN(rotunda::app::RotundaServer)
