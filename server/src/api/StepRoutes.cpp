// StepRoutes.cpp — step types, and an organization's steps with their versions.
//
// Editing a step that something uses adds a version instead of changing it, and
// deleting it archives it (docs/decisions/0011-step-versions.md).
#include "api/StepRoutes.h"

#include "api/AuthRoutes.h"
#include "api/Common.h"
#include "api/SetupCommon.h"
#include "domain/Policy.h"
#include "domain/Steps.h"
#include "store/StepRepository.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace rotunda::api {
namespace {

const std::vector<std::string> kStepFields{"phase", "name", "instructions", "type", "fields", "settings",
                                           "completedBy", "required", "expiryDays", "oncePerStudent"};

std::string stringify(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

Poco::JSON::Object::Ptr parseObject(const std::string& text) {
    try {
        return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
        return new Poco::JSON::Object;
    }
}

Poco::JSON::Object versionJson(const store::StepVersion& v) {
    Poco::JSON::Object json;
    json.set("version", v.version);
    json.set("name", v.name);
    json.set("instructions", v.instructions);
    json.set("type", v.stepType);
    const Poco::JSON::Object::Ptr definition = parseObject(v.definition);
    if (definition->has("fields")) json.set("fields", definition->get("fields"));
    if (definition->has("settings")) json.set("settings", definition->get("settings"));
    json.set("completedBy", v.completedBy);
    json.set("required", v.required);
    json.set("expiryDays", v.expiryDays > 0 ? Poco::Dynamic::Var(v.expiryDays) : Poco::Dynamic::Var());
    json.set("oncePerStudent", v.oncePerStudent);
    json.set("versionCreatedAt", v.createdAt);
    return json;
}

Poco::JSON::Object stepJson(const store::Step& s, bool inUse) {
    Poco::JSON::Object json = versionJson(s.current);
    json.set("id", s.id);
    json.set("organizationId", s.organizationId);
    json.set("phase", s.phase);
    json.set("position", s.position);
    json.set("archived", s.archived);
    json.set("inUse", inUse);
    json.set("createdAt", s.createdAt);
    json.set("updatedAt", s.updatedAt);
    return json;
}

class StepHandlers {
public:
    StepHandlers(auth::AccountService& accounts, plugins::PluginHost* plugins) : accounts_(accounts), plugins_(plugins) {}

    void types(http::RequestContext& context);
    void list(http::RequestContext& context);
    void create(http::RequestContext& context);
    void get(http::RequestContext& context);
    void versions(http::RequestContext& context);
    void update(http::RequestContext& context);
    void remove(http::RequestContext& context);
    void reorder(http::RequestContext& context);

private:
    store::Database& database() { return accounts_.database(); }
    /// 404 for callers outside the organization, 403 for members who may only read.
    void requireManager(const domain::Caller& caller, const std::string& organizationId);
    /// The step of the path, if the caller may read it; 404 otherwise.
    store::Step requireStep(http::RequestContext& context, const domain::Caller& caller);
    /// Reads the version members of `body` over `v`, with field errors.
    void readVersion(const Poco::JSON::Object::Ptr& body, store::StepVersion& v, http::Problem& problem);
    const plugins::LoadedComponent<plugin::StepType>* pluginType(const std::string& id) const;
    /// Asks the plugin whether it can use `settings` (StepType::checkSettings, ABI 1.2)
    /// and adds its answers as field errors on settings.<name>; 503 when it fails.
    void checkPluginSettings(const plugins::LoadedComponent<plugin::StepType>& loaded,
                             const std::vector<plugin::ConfigProperty>& declared, const Poco::JSON::Object& settings,
                             const std::string& stepType, http::Problem& problem);

    auth::AccountService& accounts_;
    plugins::PluginHost* plugins_;
};

void StepHandlers::requireManager(const domain::Caller& caller, const std::string& organizationId) {
    if (domain::mayManageSetup(caller, organizationId)) return;
    if (domain::isMember(caller, organizationId))
        throw http::Problem::forbidden("only the organization's admins and coordinators set up steps");
    throw http::Problem::notFound("no organization " + organizationId);
}

store::Step StepHandlers::requireStep(http::RequestContext& context, const domain::Caller& caller) {
    const std::string id = context.param("id");
    const auto step = store::StepRepository(database()).findById(id);
    if (!step || !domain::mayReadSteps(caller, step->organizationId)) throw http::Problem::notFound("no step " + id);
    return *step;
}

const plugins::LoadedComponent<plugin::StepType>* StepHandlers::pluginType(const std::string& id) const {
    if (plugins_ == nullptr) return nullptr;
    for (const auto& loaded : plugins_->stepTypes())
        if (loaded.component->id() == id) return &loaded;
    return nullptr;
}

void StepHandlers::checkPluginSettings(const plugins::LoadedComponent<plugin::StepType>& loaded,
                                       const std::vector<plugin::ConfigProperty>& declared,
                                       const Poco::JSON::Object& settings, const std::string& stepType,
                                       http::Problem& problem) {
    // The values the plugin will be given by every later call (findPluginStepType):
    // the declared defaults, overridden by the step's own.
    std::map<std::string, std::string> values;
    for (const auto& p : declared) values[p.name] = p.defaultValue;
    for (const auto& name : settings.getNames()) values[name] = settings.optValue<std::string>(name, "");
    std::vector<std::pair<std::string, std::string>> errors;
    try {
        errors = plugins_->checkStepSettings(loaded, plugin::ConfigValues(values));
    } catch (const plugins::PluginCallError&) {
        throw http::Problem(503, "Step type unavailable",
                            "step type unavailable: the plugin " + loaded.pluginId + " providing " + stepType +
                                " failed while checking the settings (see /health); nothing was saved");
    }
    for (const auto& [name, message] : errors) {
        const bool isSetting = std::any_of(declared.begin(), declared.end(),
                                           [&](const plugin::ConfigProperty& p) { return p.name == name; });
        problem.withError(isSetting ? "settings." + name : std::string("settings"),
                          message.empty() ? "cannot be used by " + stepType : message);
    }
}

// Fields of a form step, as the domain checks them.
std::vector<domain::StepField> readFields(const Poco::JSON::Array::Ptr& array, http::Problem& problem) {
    std::vector<domain::StepField> fields;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const std::string at = "fields[" + std::to_string(i) + "]";
        const Poco::JSON::Object::Ptr item = array->getObject(static_cast<unsigned>(i));
        if (!item) {
            problem.withError(at, "must be an object with name, label, type, help, required, options");
            continue;
        }
        http::Problem inner = http::Problem::validation("");
        refuseUnknownMembers(item, {"name", "label", "type", "help", "required", "options"}, inner);
        domain::StepField f;
        f.name = optionalString(item, "name", inner, "", 64);
        f.label = optionalString(item, "label", inner, "", 200);
        f.type = optionalString(item, "type", inner, "", 20);
        f.help = optionalString(item, "help", inner, "", 1000);
        f.required = optionalBool(item, "required", inner, false);
        f.options = optionalStringList(item, "options", inner, {}, 200);
        for (const auto& e : inner.errors()) problem.withError(at + "." + e.field, e.message);
        fields.push_back(std::move(f));
    }
    return fields;
}

Poco::JSON::Array fieldsJson(const std::vector<domain::StepField>& fields) {
    Poco::JSON::Array array;
    for (const auto& f : fields) {
        Poco::JSON::Object json;
        json.set("name", f.name);
        json.set("label", f.label);
        json.set("type", f.type);
        json.set("help", f.help);
        json.set("required", f.required);
        Poco::JSON::Array options;
        for (const auto& o : f.options) options.add(o);
        json.set("options", options);
        array.add(json);
    }
    return array;
}

void StepHandlers::readVersion(const Poco::JSON::Object::Ptr& body, store::StepVersion& v, http::Problem& problem) {
    v.name = optionalString(body, "name", problem, v.name, 200);
    if (v.name.empty()) problem.withError("name", "is required");
    if (body->has("instructions")) v.instructions = requiredString(body, "instructions", problem, 8000);
    v.completedBy = optionalString(body, "completedBy", problem, v.completedBy, 40);
    if (!domain::isStepCompleter(v.completedBy))
        problem.withError("completedBy", "must be one of student, school_coordinator, faculty, facility");
    v.required = optionalBool(body, "required", problem, v.required);
    v.oncePerStudent = optionalBool(body, "oncePerStudent", problem, v.oncePerStudent);
    if (body->has("expiryDays") && body->isNull("expiryDays")) v.expiryDays = 0;
    else v.expiryDays = static_cast<int>(optionalInt(body, "expiryDays", problem, v.expiryDays, 1, 3650));

    const bool typeChanged = body->has("type");
    v.stepType = optionalString(body, "type", problem, v.stepType, 100);
    const Poco::JSON::Object::Ptr old = parseObject(v.definition);
    Poco::JSON::Object definition;
    if (v.stepType == "form") {
        if (body->has("fields")) {
            if (!body->isArray("fields")) {
                problem.withError("fields", "must be an array of fields");
            } else {
                const auto fields = readFields(body->getArray("fields"), problem);
                for (const auto& [field, message] : domain::checkStepFields(fields)) problem.withError(field, message);
                definition.set("fields", fieldsJson(fields));
            }
        } else if (!typeChanged && old->has("fields")) {
            definition.set("fields", old->get("fields"));
        } else {
            problem.withError("fields", "a form step needs its fields");
        }
    } else if (domain::isBuiltInStepType(v.stepType)) {
        if (body->has("fields")) problem.withError("fields", "only a form step has fields");
    } else if (const auto* loaded = pluginType(v.stepType)) {
        if (body->has("fields")) problem.withError("fields", "the fields of a " + v.stepType + " step come from its plugin");
        const std::size_t errorsBefore = problem.errors().size();
        Poco::JSON::Object::Ptr settings = body->has("settings") ? body->getObject("settings")
                                           : old->has("settings") && !typeChanged ? old->getObject("settings")
                                                                                   : Poco::JSON::Object::Ptr(new Poco::JSON::Object);
        if (!settings) {
            problem.withError("settings", "must be an object of the step type's settings");
            settings = new Poco::JSON::Object;
        }
        std::vector<plugin::ConfigProperty> declared;
        try {
            declared = plugins_->guard(loaded->pluginId, "stepSettings", [&] { return loaded->component->stepSettings(); });
        } catch (const std::exception&) {
            throw http::Problem(503, "Step type unavailable",
                                "step type unavailable: the plugin " + loaded->pluginId + " providing " + v.stepType +
                                    " failed (see /health); nothing was saved");
        }
        for (const auto& name : settings->getNames()) {
            const bool known = std::any_of(declared.begin(), declared.end(),
                                           [&](const plugin::ConfigProperty& p) { return p.name == name; });
            if (!known) problem.withError("settings." + name, "is not a setting of " + v.stepType);
            else if (!settings->get(name).isString()) problem.withError("settings." + name, "must be a string");
        }
        for (const auto& p : declared)
            if (p.required && p.defaultValue.empty() && !settings->has(p.name))
                problem.withError("settings." + p.name, "is required");
        // The plugin judges the values only once they are the declared names, as strings.
        if (problem.errors().size() == errorsBefore) checkPluginSettings(*loaded, declared, *settings, v.stepType, problem);
        definition.set("settings", settings);
    } else {
        problem.withError("type", "must be form, document, confirmation or a step type of GET /api/v1/step-types");
    }
    if (body->has("settings") && (domain::isBuiltInStepType(v.stepType)))
        problem.withError("settings", "only a plugin step type has settings");
    v.definition = stringify(definition);
}

void StepHandlers::types(http::RequestContext& context) {
    requireCaller(context, accounts_);
    Poco::JSON::Array items;
    const std::vector<std::pair<std::string, std::string>> builtIn{
        {"form", "Form: typed fields (text, number, date, choice, yes/no) the facility defines"},
        {"document", "Document upload"},
        {"confirmation", "Confirmation checkbox"}};
    for (const auto& [id, name] : builtIn) {
        Poco::JSON::Object json;
        json.set("id", id);
        json.set("name", name);
        json.set("builtIn", true);
        json.set("fields", Poco::JSON::Array());
        json.set("settings", Poco::JSON::Array());
        items.add(json);
    }
    for (const auto& loaded : plugins_ ? plugins_->stepTypes() : std::vector<plugins::LoadedComponent<plugin::StepType>>()) {
        Poco::JSON::Object json;
        json.set("builtIn", false);
        json.set("plugin", loaded.pluginId);
        try {
            json.set("id", plugins_->guard(loaded.pluginId, "id", [&] { return loaded.component->id(); }));
            json.set("name", plugins_->guard(loaded.pluginId, "name", [&] { return loaded.component->name(); }));
            Poco::JSON::Array settings;
            for (const auto& p : plugins_->guard(loaded.pluginId, "stepSettings",
                                                 [&] { return loaded.component->stepSettings(); })) {
                Poco::JSON::Object s;
                s.set("name", p.name);
                s.set("label", p.label);
                s.set("help", p.help);
                s.set("required", p.required);
                s.set("default", p.defaultValue);
                settings.add(s);
            }
            json.set("settings", settings);
            Poco::JSON::Array fields;
            for (const auto& f : plugins_->guard(loaded.pluginId, "fields",
                                                 [&] { return loaded.component->fields(plugin::ConfigValues()); })) {
                Poco::JSON::Object field;
                field.set("name", f.name);
                field.set("label", f.label);
                field.set("type", f.type);
                field.set("help", f.help);
                field.set("required", f.required);
                Poco::JSON::Array choices;
                for (const auto& c : f.choices) choices.add(c);
                field.set("options", choices);
                fields.add(field);
            }
            json.set("fields", fields);
        } catch (const plugins::PluginCallError&) {
            continue;  // logged and counted by the guard; a failing type is not offered
        }
        items.add(json);
    }
    Poco::JSON::Object body;
    body.set("items", items);
    context.sendJson(200, body);
}

void StepHandlers::list(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization organization = requireOrganizationOfKind(database(), context.param("id"), "");
    const domain::Caller who = policyCaller(database(), caller);
    if (!domain::mayReadSteps(who, organization.id)) throw http::Problem::notFound("no organization " + organization.id);
    const std::string phase = context.query("phase");
    if (!phase.empty() && !domain::isStepPhase(phase))
        throw http::Problem::validation("unknown phase")
            .withError("phase", "must be application, onboarding, active, offboarding or evaluation");
    store::StepRepository steps(database());
    Poco::JSON::Array items;
    for (const auto& s : steps.listForOrganization(organization.id, phase, context.query("archived") == "true"))
        items.add(stepJson(s, steps.isInUse(s.id)));
    Poco::JSON::Object body;
    body.set("items", items);
    context.sendJson(200, body);
}

void StepHandlers::create(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization organization = requireOrganizationOfKind(database(), context.param("id"), "");
    requireManager(policyCaller(database(), caller), organization.id);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the step cannot be added as given");
    refuseUnknownMembers(body, kStepFields, problem);
    store::Step step;
    step.organizationId = organization.id;
    step.phase = requiredString(body, "phase", problem, 20);
    if (!step.phase.empty() && !domain::isStepPhase(step.phase))
        problem.withError("phase", "must be application, onboarding, active, offboarding or evaluation");
    store::StepVersion first;
    if (!body->has("type")) problem.withError("type", "is required");
    if (!body->has("completedBy")) problem.withError("completedBy", "is required");
    else readVersion(body, first, problem);
    throwIfInvalid(problem);
    first.createdBy = caller.user.id;
    const store::Step created = store::StepRepository(database()).create(step, first);
    Poco::JSON::Object detail;
    detail.set("step", created.id);
    detail.set("name", created.current.name);
    audit(database(), caller, context, "step.created", "organization", organization.id, detail);
    context.response().set("Location", "/api/v1/steps/" + created.id);
    context.sendJson(201, stepJson(created, false));
}

void StepHandlers::get(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Step step = requireStep(context, policyCaller(database(), caller));
    context.sendJson(200, stepJson(step, store::StepRepository(database()).isInUse(step.id)));
}

void StepHandlers::versions(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Step step = requireStep(context, policyCaller(database(), caller));
    Poco::JSON::Array items;
    for (const auto& v : store::StepRepository(database()).versions(step.id)) items.add(versionJson(v));
    Poco::JSON::Object body;
    body.set("items", items);
    context.sendJson(200, body);
}

void StepHandlers::update(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const store::Step step = requireStep(context, who);
    requireManager(who, step.organizationId);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the step cannot be changed as given");
    std::vector<std::string> allowed = kStepFields;
    refuseUnknownMembers(body, allowed, problem);
    if (body->has("phase") && optionalString(body, "phase", problem) != step.phase)
        problem.withError("phase", "cannot be changed; add a step to the other phase instead");
    if (step.archived) throw http::Problem(409, "Step archived", "an archived step is not changed");
    store::StepVersion next = step.current;
    readVersion(body, next, problem);
    throwIfInvalid(problem);
    store::StepRepository steps(database());
    const bool inUse = steps.isInUse(step.id);
    if (inUse) {
        next.version = step.currentVersion + 1;
        next.createdBy = caller.user.id;
        if (!steps.addVersion(next))
            throw http::Problem(409, "Edited meanwhile", "someone changed this step at the same time; load it again");
    } else {
        steps.rewriteCurrent(next);
    }
    Poco::JSON::Object detail;
    detail.set("step", step.id);
    detail.set("version", next.version);
    audit(database(), caller, context, inUse ? "step.versioned" : "step.updated", "organization", step.organizationId,
          detail);
    context.sendJson(200, stepJson(*steps.findById(step.id), inUse));
}

void StepHandlers::remove(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const store::Step step = requireStep(context, who);
    requireManager(who, step.organizationId);
    store::StepRepository steps(database());
    Poco::JSON::Object detail;
    detail.set("step", step.id);
    if (steps.isInUse(step.id)) {
        steps.setArchived(step.id, true);
        audit(database(), caller, context, "step.archived", "organization", step.organizationId, detail);
        context.sendJson(200, stepJson(*steps.findById(step.id), true));
        return;
    }
    steps.remove(step.id);
    audit(database(), caller, context, "step.deleted", "organization", step.organizationId, detail);
    context.sendNoContent();
}

void StepHandlers::reorder(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization organization = requireOrganizationOfKind(database(), context.param("id"), "");
    requireManager(policyCaller(database(), caller), organization.id);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the steps cannot be put in this order");
    refuseUnknownMembers(body, {"phase", "stepIds"}, problem);
    const std::string phase = requiredString(body, "phase", problem, 20);
    if (!phase.empty() && !domain::isStepPhase(phase))
        problem.withError("phase", "must be application, onboarding, active, offboarding or evaluation");
    if (!body->has("stepIds")) problem.withError("stepIds", "is required");
    const std::vector<std::string> order = optionalStringList(body, "stepIds", problem);
    throwIfInvalid(problem);
    store::StepRepository steps(database());
    std::set<std::string> current;
    for (const auto& s : steps.listForOrganization(organization.id, phase, false)) current.insert(s.id);
    if (current != std::set<std::string>(order.begin(), order.end()))
        throw http::Problem::validation("list every step of the phase once")
            .withError("stepIds", "must hold each of the " + std::to_string(current.size()) + " " + phase +
                                      " steps (not archived) exactly once");
    steps.reorder(order);
    Poco::JSON::Array items;
    for (const auto& s : steps.listForOrganization(organization.id, phase, false))
        items.add(stepJson(s, steps.isInUse(s.id)));
    Poco::JSON::Object answer;
    answer.set("items", items);
    context.sendJson(200, answer);
}

}  // namespace

void registerStepRoutes(http::Router& router, auth::AccountService& accounts, plugins::PluginHost* plugins) {
    auto h = std::make_shared<StepHandlers>(accounts, plugins);
    router.add("GET", "/api/v1/step-types", "Step types: form, document, confirmation and those of plugins",
               [h](http::RequestContext& c) { h->types(c); });
    router.add("GET", "/api/v1/organizations/{id}/steps", "An organization's steps (?phase=&archived=true), in order",
               [h](http::RequestContext& c) { h->list(c); });
    router.add("POST", "/api/v1/organizations/{id}/steps", "Add a step (admins and coordinators)",
               [h](http::RequestContext& c) { h->create(c); });
    router.add("POST", "/api/v1/organizations/{id}/steps/order", "Put the steps of one phase in order",
               [h](http::RequestContext& c) { h->reorder(c); });
    router.add("GET", "/api/v1/steps/{id}", "A step as its current version", [h](http::RequestContext& c) { h->get(c); });
    router.add("GET", "/api/v1/steps/{id}/versions", "Every version of a step, oldest first",
               [h](http::RequestContext& c) { h->versions(c); });
    router.add("PATCH", "/api/v1/steps/{id}", "Change a step (a new version once it is in use)",
               [h](http::RequestContext& c) { h->update(c); });
    router.add("DELETE", "/api/v1/steps/{id}", "Delete a step, or archive it once it is in use",
               [h](http::RequestContext& c) { h->remove(c); });
}

}  // namespace rotunda::api
