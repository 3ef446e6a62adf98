// rotunda-admin.cpp — entry point of the Rotunda administration command.
#include "app/AdminApplication.h"

#include <iostream>

POCO_APP_MAIN(rotunda::app::AdminApplication)
