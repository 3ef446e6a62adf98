// DemoData.h — `rotunda-admin demo-data`: a living system for a newcomer to look at.
#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <ostream>
#include <string>
#include <vector>

namespace rotunda::app {

/// `demo-data`: fills a fresh database (no organizations yet) with a realistic
/// facility (staff, steps, services, capacity), two partner schools (staff,
/// students, a school step) and affiliation agreements, with dates relative to
/// today so the system stays current. Every demo account gets the same random
/// password, printed once with the accounts. Refuses (exit 65) when the database
/// already holds organizations: demo data never mixes with real data. Opens the
/// configured database and applies migrations first. Returns the exit status.
int runDemoDataCommand(const Poco::Util::AbstractConfiguration& config, const std::vector<std::string>& args,
                       std::ostream& out, std::ostream& err);

}  // namespace rotunda::app
