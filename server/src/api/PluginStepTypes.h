// PluginStepTypes.h — plugin step types as the API uses them: which enabled
// plugin provides a step version's type and with which settings, the answers a
// plugin reads, the facility's time zone, and the carry-over of a once-per-student
// plugin step, which holds only if its plugin still verifies the old submission.
#pragma once

#include <rotunda/plugin/StepType.h>

#include <map>
#include <string>
#include <vector>

#include "plugins/PluginHost.h"
#include "store/Database.h"
#include "store/RotationRepository.h"

namespace rotunda::api {

/// The plugin providing a step type, and one step version's settings for it.
struct PluginStepType {
    /// Null when no enabled plugin provides the type.
    const plugins::LoadedComponent<plugin::StepType>* plugin = nullptr;
    /// The declared step settings' defaults, overridden by the version's "settings".
    plugin::ConfigValues settings;
};

/// Finds the enabled plugin whose step type has id `stepType` (asking each
/// through the guard; one that cannot name itself provides nothing) and reads
/// the settings of `definition` (the step version's JSON). `plugins` may be
/// null. Throws plugins::PluginCallError when stepSettings() throws.
PluginStepType findPluginStepType(plugins::PluginHost* plugins, const std::string& stepType,
                                  const std::string& definition);

/// A stored answers object (JSON) as a plugin reads answers: text by field name,
/// booleans "true"/"false", numbers as written; nulls, objects and arrays left out.
std::map<std::string, std::string> pluginAnswers(const std::string& answersJson);

/// The time zone of the facility `facilityId` ("UTC" when it has none).
std::string facilityTimeZone(store::Database& database, const std::string& facilityId);

/// For `rotations` about to be created with `steps`: for each once-per-student
/// plugin step that would carry over (StepCompletionRepository::carryOverSource),
/// asks its plugin, through the guard and outside any transaction, to validate
/// and verify the old submission again with the new rotation's dates, the
/// facility's today and the new version's settings. Verified (and not lapsed by
/// its new expiry) gives an approval with that expiry; anything else — Manual,
/// Rejected, field errors, a throwing, missing or disabled plugin — gives none,
/// and the step is to be done again. Logged (RTR0009) either way.
std::vector<store::CarryOverApproval> approveCarryOvers(
    store::Database& database, plugins::PluginHost* plugins,
    const std::vector<store::Rotation>& rotations, const std::vector<store::RotationStep>& steps);

}  // namespace rotunda::api
