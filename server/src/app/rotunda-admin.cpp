// rotunda-admin.cpp — entry point of the Rotunda administration command.
//
// Options before the command (--config FILE, --help) belong to rotunda-admin;
// everything from the command on belongs to the command, so that commands can
// take options of their own (users create-admin --email …).
#include "app/AdminApplication.h"

#include <cstring>
#include <iostream>
#include <vector>

int main(int argc, char** argv) {
    int split = 1;
    while (split < argc && argv[split][0] == '-') {
        const bool takesValue = std::strcmp(argv[split], "--config") == 0 || std::strcmp(argv[split], "-c") == 0;
        split += takesValue ? 2 : 1;
    }
    split = std::min(split, argc);
    std::vector<std::string> command(argv + split, argv + argc);
    try {
        rotunda::app::AdminApplication app;
        app.setCommand(command);
        app.init(split, argv);
        return app.run();
    } catch (const Poco::Exception& e) {
        std::cerr << "rotunda-admin: " << e.displayText() << std::endl;
        return Poco::Util::Application::EXIT_USAGE;
    }
}
