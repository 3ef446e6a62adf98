// PluginStepTypes.cpp — plugin step types as the API uses them.
#include "api/PluginStepTypes.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

#include "domain/Calendar.h"
#include "domain/StepCompletions.h"
#include "domain/TimeZones.h"
#include "store/OrganizationRepository.h"
#include "store/StepCompletionRepository.h"

namespace rotunda::api {
namespace {

Poco::Logger& log() {
    return Poco::Logger::get("rotunda.rotations");
}

Poco::JSON::Object::Ptr objectOf(const std::string& text) {
    try {
        auto object = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
        if (object) return object;
    } catch (const std::exception&) {
    }
    return new Poco::JSON::Object;
}

std::vector<std::string> stringsOf(const std::string& text) {
    std::vector<std::string> found;
    try {
        const auto array = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Array::Ptr>();
        if (array)
            for (std::size_t i = 0; i < array->size(); ++i)
                found.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
    } catch (const std::exception&) {
    }
    return found;
}

}  // namespace

PluginStepType findPluginStepType(plugins::PluginHost* plugins, const std::string& stepType,
                                  const std::string& definition) {
    PluginStepType found;
    if (plugins == nullptr) return found;
    for (const auto& loaded : plugins->stepTypes()) {
        try {
            if (plugins->guard(loaded.pluginId, "id", [&] { return loaded.component->id(); }) ==
                stepType)
                found.plugin = &loaded;
        } catch (const plugins::PluginCallError&) {
            continue;  // a type that cannot even name itself provides nothing
        }
    }
    if (found.plugin == nullptr) return found;
    std::map<std::string, std::string> values;
    for (const auto& p : plugins->guard(found.plugin->pluginId, "stepSettings",
                                        [&] { return found.plugin->component->stepSettings(); }))
        values[p.name] = p.defaultValue;
    if (const Poco::JSON::Object::Ptr settings = objectOf(definition)->getObject("settings"))
        for (const auto& name : settings->getNames())
            values[name] = settings->optValue<std::string>(name, "");
    found.settings = plugin::ConfigValues(values);
    return found;
}

std::map<std::string, std::string> pluginAnswers(const std::string& answersJson) {
    std::map<std::string, std::string> answers;
    const Poco::JSON::Object::Ptr object = objectOf(answersJson);
    for (const auto& name : object->getNames()) {
        const Poco::Dynamic::Var value = object->get(name);
        if (value.isEmpty()) continue;
        if (value.isBoolean())
            answers[name] = value.extract<bool>() ? "true" : "false";
        else if (value.isString() || value.isNumeric())
            answers[name] = value.convert<std::string>();
    }
    return answers;
}

std::string facilityTimeZone(store::Database& database, const std::string& facilityId) {
    const auto facility = store::OrganizationRepository(database).findById(facilityId);
    return facility && !facility->timeZone.empty() ? facility->timeZone : domain::kDefaultTimeZone;
}

std::vector<store::CarryOverApproval> approveCarryOvers(
    store::Database& database, plugins::PluginHost* plugins,
    const std::vector<store::Rotation>& rotations, const std::vector<store::RotationStep>& steps) {
    std::vector<store::CarryOverApproval> approvals;
    const std::string todayUtc = domain::todayUtc();  // the carry-over's own notion of "not lapsed"
    store::StepCompletionRepository completions(database);
    std::map<std::string, std::string> zones;
    for (const auto& step : steps) {
        if (!step.oncePerStudent || !step.pluginType) continue;
        for (const auto& r : rotations) {
            const auto source = completions.carryOverSource(r.studentId, step.stepId, todayUtc);
            if (!source) continue;
            const std::string what = "step " + step.stepId + " of student " + r.studentId +
                                     " (completion " + source->completion.id + ")";
            if (!zones.count(r.facilityId))
                zones[r.facilityId] = facilityTimeZone(database, r.facilityId);
            plugin::StepSubmission submission;
            submission.answers = pluginAnswers(source->completion.answers);
            submission.documentIds = stringsOf(source->completion.documentIds);
            submission.submittedAt = source->completion.submittedAt;
            submission.timeZone = zones[r.facilityId];
            submission.today = domain::todayIn(submission.timeZone);
            submission.rotationStart = r.startDate;
            submission.rotationEnd = r.endDate;
            std::string refusal;
            try {
                const PluginStepType type =
                    findPluginStepType(plugins, step.stepType, step.definition);
                if (type.plugin == nullptr) {
                    refusal = "no enabled plugin provides the step type " + step.stepType;
                } else {
                    const auto* loaded = type.plugin;
                    const plugin::StepValidation validation = plugins->guard(
                        loaded->pluginId, "validate",
                        [&] { return loaded->component->validate(submission, type.settings); });
                    const plugin::StepVerification verification =
                        validation.ok() ? plugins->guard(loaded->pluginId, "verify",
                                                         [&] {
                                                             return loaded->component->verify(
                                                                 submission, type.settings);
                                                         })
                                        : plugin::StepVerification{};
                    const std::string expires = verification.expiresAt.substr(0, 10);
                    if (!validation.ok())
                        refusal = "the old submission is not valid for the current version (" +
                                  validation.errors.front().first + ": " +
                                  validation.errors.front().second + ")";
                    else if (verification.verdict != plugin::StepVerdict::Verified)
                        refusal = "the plugin no longer verifies it" +
                                  (verification.reason.empty() ? std::string()
                                                               : " (" + verification.reason + ")");
                    else if (!expires.empty() && !domain::isIsoDate(expires))
                        refusal = "the plugin gave an expiry that is not a date (" +
                                  verification.expiresAt + ")";
                    else if (!expires.empty() && expires < submission.today)
                        refusal = "the plugin's new expiry " + expires + " has passed";
                    else
                        approvals.push_back(
                            {r.studentId, step.stepId, source->completion.id, expires});
                }
            } catch (const plugins::PluginCallError& e) {
                refusal = std::string("the plugin failed: ") + e.what();
            }
            if (refusal.empty())
                log().information("RTR0009 " + what +
                                  " carries over to a new rotation: its plugin verified it again");
            else
                log().information("RTR0009 " + what + " does not carry over to a new rotation: " +
                                  refusal + "; the step is to be done again");
        }
    }
    return approvals;
}

}  // namespace rotunda::api
