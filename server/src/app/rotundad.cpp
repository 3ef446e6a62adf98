// rotundad.cpp — entry point of the Rotunda server.
#include "app/RotundaServer.h"

#include <iostream>

POCO_SERVER_MAIN(rotunda::app::RotundaServer)
