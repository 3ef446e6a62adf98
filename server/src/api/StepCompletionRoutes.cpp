// StepCompletionRoutes.cpp — the steps of a rotation as people complete them.
//
// The party that completes a step submits it (form answers, documents uploaded
// to the completion, a confirmation); the organization that owns the step
// verifies, rejects with a reason, or waives it. Every move is
// domain::checkStepTransition, then one conditional update that appends the
// rotation's activity, then an audit event. Plugin step types validate and may
// verify submissions themselves, through the plugin host's guard; a failing or
// missing plugin makes its steps "unavailable" and nothing else.
#include "api/StepCompletionRoutes.h"

#include "api/PluginStepTypes.h"
#include "api/RotationNotices.h"

#include "api/AuthRoutes.h"
#include "api/Common.h"
#include "api/SetupCommon.h"
#include "domain/Calendar.h"
#include "domain/Rotations.h"
#include "domain/StepCompletions.h"
#include "domain/TimeZones.h"
#include "store/Clock.h"
#include "store/DocumentRepository.h"
#include "store/OrganizationRepository.h"
#include "store/RotationRepository.h"
#include "store/StepCompletionRepository.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

#include <algorithm>
#include <map>
#include <sstream>

namespace rotunda::api {
namespace {

constexpr int kMostRotationsInProgress = 200;

Poco::Dynamic::Var orNull(const std::string& value) {
    return value.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(value);
}

Poco::Dynamic::Var parsed(const std::string& text) {
    try {
        return Poco::JSON::Parser().parse(text);
    } catch (const Poco::Exception&) {
        return Poco::Dynamic::Var(text);
    }
}

Poco::JSON::Object::Ptr parsedObject(const std::string& text) {
    try {
        auto object = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
        if (object) return object;
    } catch (const std::exception&) {
    }
    return new Poco::JSON::Object;
}

std::string stringify(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out);
    return out.str();
}

domain::RotationParties partiesOf(const store::Rotation& r) {
    return {r.studentId, r.schoolId, r.facilityId, r.preceptorId, r.status};
}

domain::StepCompletionParties stepPartiesOf(const store::Rotation& r, const store::StepOnRotation& s) {
    return {partiesOf(r), s.completion.completedBy, s.ownerId};
}

// The fields of a form step version, as domain::checkSubmission reads them.
std::vector<domain::StepField> formFields(const store::StepOnRotation& s) {
    std::vector<domain::StepField> fields;
    const Poco::JSON::Object::Ptr definition = parsedObject(s.definition);
    const Poco::JSON::Array::Ptr array = definition->has("fields") ? definition->getArray("fields") : nullptr;
    if (!array) return fields;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const Poco::JSON::Object::Ptr item = array->getObject(static_cast<unsigned>(i));
        if (!item) continue;
        domain::StepField f;
        f.name = item->optValue<std::string>("name", "");
        f.label = item->optValue<std::string>("label", "");
        f.type = item->optValue<std::string>("type", "");
        f.help = item->optValue<std::string>("help", "");
        f.required = item->optValue<bool>("required", false);
        if (const auto options = item->getArray("options"))
            for (std::size_t o = 0; o < options->size(); ++o)
                f.options.push_back(options->getElement<std::string>(static_cast<unsigned>(o)));
        fields.push_back(std::move(f));
    }
    return fields;
}

domain::Answer answerOf(const Poco::Dynamic::Var& value) {
    domain::Answer a;
    if (value.isEmpty()) return a;  // null
    if (value.isBoolean()) return {domain::Answer::Kind::Boolean, value.extract<bool>() ? "true" : "false"};
    if (value.isString()) return {domain::Answer::Kind::Text, value.convert<std::string>()};
    if (value.isNumeric()) return {domain::Answer::Kind::Number, value.convert<std::string>()};
    a.kind = domain::Answer::Kind::Other;  // an object or an array
    return a;
}

/// Whether a step's type can be worked on now, and its form.
struct TypeState {
    bool available = true;
    std::string reason;             ///< why not, for people
    Poco::JSON::Array fields;       ///< the form (form steps, plugin step types)
    const plugins::LoadedComponent<plugin::StepType>* plugin = nullptr;
    plugin::ConfigValues settings;  ///< a plugin step's settings with the declared defaults
    std::vector<std::string> statements;  ///< names of a plugin form's "statement" fields (shown, never answered)
};

/// A body that may be absent (verify, waive).
Poco::JSON::Object::Ptr optionalBody(http::RequestContext& context) {
    if (context.request().getContentLength64() > 0 || context.request().getChunkedTransferEncoding())
        return context.jsonBody();
    return new Poco::JSON::Object;
}

std::string pastTense(const std::string& state) { return "step." + state; }

class StepCompletionHandlers {
public:
    StepCompletionHandlers(auth::AccountService& accounts, plugins::PluginHost* plugins)
        : accounts_(accounts), plugins_(plugins) {}

    void list(http::RequestContext& context);
    void act(http::RequestContext& context, const std::string& action);
    void progress(http::RequestContext& context);
    void board(http::RequestContext& context);

private:
    store::Database& database() { return accounts_.database(); }
    store::Rotation requireRotation(const std::string& id, const domain::Caller& who);
    TypeState typeState(const store::StepOnRotation& s);
    Poco::JSON::Object stepJson(const store::Rotation& r, const store::StepOnRotation& s, const domain::Caller& who);
    Poco::JSON::Object summaryJson(const store::Rotation& r, const std::vector<store::StepOnRotation>& steps);
    /// A rotation with its summary, the steps still open and those lapsing before its end.
    Poco::JSON::Object progressJson(const store::Rotation& r);
    /// Reads a submission of `s` from `body` and decides its state (plugins verify
    /// here). Throws 422 with field errors, 503 when the step type is unavailable.
    void readSubmission(const Poco::JSON::Object::Ptr& body, const store::Rotation& r, const store::StepOnRotation& s,
                        store::StepCompletion& after, Poco::JSON::Object& detail);

    auth::AccountService& accounts_;
    plugins::PluginHost* plugins_;
};

store::Rotation StepCompletionHandlers::requireRotation(const std::string& id, const domain::Caller& who) {
    const auto rotation = store::RotationRepository(database()).findById(id);
    if (!rotation || !domain::mayReadRotation(who, partiesOf(*rotation)))
        throw http::Problem::notFound("no rotation " + id);
    return *rotation;
}

TypeState StepCompletionHandlers::typeState(const store::StepOnRotation& s) {
    TypeState state;
    if (s.stepType == "form") {
        const Poco::JSON::Object::Ptr definition = parsedObject(s.definition);
        if (const auto fields = definition->getArray("fields")) state.fields = *fields;
        return state;
    }
    if (domain::isBuiltInStepType(s.stepType)) return state;
    PluginStepType found;
    try {
        found = findPluginStepType(plugins_, s.stepType, s.definition);
    } catch (const plugins::PluginCallError& e) {
        // stepSettings threw (logged and counted by the guard).
        state.available = false;
        state.reason = "step type unavailable: the plugin " + e.pluginId() + " providing " + s.stepType +
                       " failed (see /health); other steps are not affected";
        return state;
    }
    state.plugin = found.plugin;
    if (state.plugin == nullptr) {
        state.available = false;
        state.reason = "step type unavailable: no enabled plugin provides the step type " + s.stepType +
                       " (an operator enables it; see /health)";
        return state;
    }
    state.settings = found.settings;
    try {
        for (const auto& f : plugins_->guard(state.plugin->pluginId, "fields",
                                             [&] { return state.plugin->component->fields(state.settings); })) {
            Poco::JSON::Object field;
            field.set("name", f.name);
            field.set("label", f.label);
            field.set("type", f.type);
            field.set("help", f.help);
            field.set("required", f.required);
            Poco::JSON::Array choices;
            for (const auto& c : f.choices) choices.add(c);
            field.set("options", choices);
            state.fields.add(field);
            if (f.type == "statement") state.statements.push_back(f.name);
        }
    } catch (const plugins::PluginCallError&) {
        // Logged and counted by the guard.
        state.available = false;
        state.reason = "step type unavailable: the plugin " + state.plugin->pluginId + " providing " + s.stepType +
                       " failed (see /health); other steps are not affected";
    }
    return state;
}

Poco::JSON::Object StepCompletionHandlers::stepJson(const store::Rotation& r, const store::StepOnRotation& s,
                                                    const domain::Caller& who) {
    const store::StepCompletion& c = s.completion;
    const domain::StepCompletionParties parties = stepPartiesOf(r, s);
    const std::string owner = domain::stepOwnerParty(parties);
    TypeState type = typeState(s);
    Poco::JSON::Object json;
    json.set("id", c.id);
    json.set("stepId", c.stepId);
    json.set("stepVersion", c.stepVersion);
    json.set("name", s.name);
    json.set("instructions", s.instructions);
    json.set("type", s.stepType);
    json.set("fields", type.fields);
    json.set("phase", c.phase);
    json.set("position", c.position);
    json.set("required", c.required);
    json.set("completedBy", c.completedBy);
    json.set("owner", owner);
    json.set("ownerOrganizationId", s.ownerId);
    json.set("oncePerStudent", s.oncePerStudent);
    json.set("expiryDays", s.expiryDays > 0 ? Poco::Dynamic::Var(s.expiryDays) : Poco::Dynamic::Var());
    json.set("state", c.state);
    json.set("answers", parsed(c.answers));
    json.set("documentIds", parsed(c.documentIds));
    json.set("submittedBy", orNull(c.submittedBy));
    json.set("submittedAt", orNull(c.submittedAt));
    json.set("verifiedBy", orNull(c.verifiedBy));
    json.set("verifiedAt", orNull(c.verifiedAt));
    json.set("reason", c.reason);
    json.set("expiresAt", orNull(c.expiresAt));
    json.set("expiresBeforeEnd", domain::expiresBefore(c.expiresAt, r.endDate));
    json.set("carriedFrom", orNull(c.carriedFrom));
    json.set("facts", parsed(c.facts));
    json.set("waitingOn", orNull(domain::waitingOn(c.state, c.completedBy, owner)));
    json.set("available", type.available);
    json.set("unavailableReason", orNull(type.reason));
    const domain::StepActors actors = domain::stepActors(who, parties);
    // Why a plugin left it for review: for the owner, who reviews it (decision 0023).
    if (actors.owner) {
        Poco::JSON::Array reasons;
        for (const auto& line : domain::reviewReasonLines(c.reviewReasons)) reasons.add(line);
        json.set("reviewReasons", reasons);
    } else {
        json.set("reviewReasons", Poco::Dynamic::Var());
    }
    // What the caller may do with it now, for the screens.
    Poco::JSON::Array actions;
    if (domain::stepsOpen(r.status)) {
        for (const auto& t : domain::stepTransitions()) {
            const bool as = (t.party == domain::StepParty::Completer && actors.completer) ||
                            (t.party == domain::StepParty::Owner && actors.owner);
            if (!as || std::find(t.from.begin(), t.from.end(), c.state) == t.from.end()) continue;
            if (t.action == "submit" && !type.available) continue;
            actions.add(t.action);
        }
    }
    json.set("actions", actions);
    return json;
}

Poco::JSON::Object StepCompletionHandlers::summaryJson(const store::Rotation& r,
                                                       const std::vector<store::StepOnRotation>& steps) {
    int done = 0, requiredOpen = 0, expiring = 0;
    std::map<std::string, int> waiting;
    for (const auto& s : steps) {
        const store::StepCompletion& c = s.completion;
        const bool finished = c.state == "verified" || c.state == "waived";
        done += finished ? 1 : 0;
        requiredOpen += c.required && !finished ? 1 : 0;
        if (c.state == "verified" && domain::expiresBefore(c.expiresAt, r.endDate)) ++expiring;
        const std::string on = domain::waitingOn(c.state, c.completedBy, domain::stepOwnerParty(stepPartiesOf(r, s)));
        if (!on.empty()) ++waiting[on];
    }
    Poco::JSON::Object waitingJson;
    for (const auto& [who, count] : waiting) waitingJson.set(who, count);
    Poco::JSON::Object summary;
    summary.set("total", static_cast<int>(steps.size()));
    summary.set("done", done);
    summary.set("requiredOutstanding", requiredOpen);
    summary.set("waitingOn", waitingJson);
    summary.set("expiringBeforeEnd", expiring);
    return summary;
}

void StepCompletionHandlers::list(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const store::Rotation r = requireRotation(context.param("id"), who);
    const auto steps = store::StepCompletionRepository(database()).forRotation(r.id);
    Poco::JSON::Array items;
    for (const auto& s : steps) items.add(stepJson(r, s, who));
    Poco::JSON::Object answer;
    answer.set("rotationId", r.id);
    answer.set("status", r.status);
    answer.set("endDate", r.endDate);
    answer.set("summary", summaryJson(r, steps));
    answer.set("items", items);
    context.sendJson(200, answer);
}

void StepCompletionHandlers::readSubmission(const Poco::JSON::Object::Ptr& body, const store::Rotation& r,
                                            const store::StepOnRotation& s, store::StepCompletion& after,
                                            Poco::JSON::Object& detail) {
    http::Problem problem = http::Problem::validation("the step cannot be submitted as given");
    refuseUnknownMembers(body, {"answers", "documentIds", "confirmed"}, problem);
    domain::Submission submission;
    Poco::JSON::Object::Ptr answers = new Poco::JSON::Object;
    if (body->has("answers")) {
        answers = body->getObject("answers");
        if (!answers) {
            problem.withError("answers", "must be an object of the form's answers, by field name");
            answers = new Poco::JSON::Object;
        }
    }
    for (const auto& name : answers->getNames()) submission.answers[name] = answerOf(answers->get(name));
    submission.documentIds = optionalStringList(body, "documentIds", problem);
    if (body->has("confirmed")) submission.confirmed = optionalBool(body, "confirmed", problem, false);
    std::vector<std::string> uploaded;
    for (const auto& d : store::DocumentRepository(database()).listForRecord("step_completion", s.completion.id))
        uploaded.push_back(d.id);
    after.state = "submitted";
    if (domain::isBuiltInStepType(s.stepType)) {
        for (const auto& [field, message] : domain::checkSubmission(s.stepType, formFields(s), submission, uploaded))
            problem.withError(field, message);
        throwIfInvalid(problem);
    } else {
        const TypeState type = typeState(s);
        if (!type.available) throw http::Problem(503, "Step type unavailable", type.reason);
        for (std::size_t i = 0; i < submission.documentIds.size(); ++i)
            if (std::find(uploaded.begin(), uploaded.end(), submission.documentIds[i]) == uploaded.end())
                problem.withError("documentIds[" + std::to_string(i) + "]", "is not a document uploaded to this step");
        if (submission.confirmed) problem.withError("confirmed", "only a confirmation step is confirmed");
        plugin::StepSubmission given;
        for (const auto& [name, answer] : submission.answers) {
            if (std::find(type.statements.begin(), type.statements.end(), name) != type.statements.end())
                problem.withError("answers." + name, "is a statement to read; it takes no answer");
            else if (answer.kind == domain::Answer::Kind::Other)
                problem.withError("answers." + name, "must be text, a number or true/false");
            else if (answer.kind != domain::Answer::Kind::Null)
                given.answers[name] = answer.text;
        }
        throwIfInvalid(problem);
        given.documentIds = submission.documentIds;
        given.submittedAt = after.submittedAt;
        given.timeZone = facilityTimeZone(database(), r.facilityId);
        given.today = domain::todayIn(given.timeZone);
        given.rotationStart = r.startDate;
        given.rotationEnd = r.endDate;
        const auto* loaded = type.plugin;
        const std::string unavailable =
            "step type unavailable: the plugin " + loaded->pluginId + " providing " + s.stepType;
        plugin::StepValidation validation;
        plugin::StepVerification verification;
        std::vector<std::pair<std::string, std::string>> facts;
        try {
            validation = plugins_->guard(loaded->pluginId, "validate",
                                         [&] { return loaded->component->validate(given, type.settings); });
            if (validation.ok()) {
                verification = plugins_->guard(loaded->pluginId, "verify",
                                               [&] { return loaded->component->verify(given, type.settings); });
                facts = plugins_->recordStep(*loaded, given, type.settings);
            }
        } catch (const plugins::PluginCallError&) {
            throw http::Problem(503, "Step type unavailable",
                                unavailable + " failed (see /health); nothing was stored, and other steps are not "
                                              "affected");
        }
        for (const auto& [field, message] : validation.errors)
            problem.withError(field.rfind("documentIds", 0) == 0 ? field : "answers." + field, message);
        throwIfInvalid(problem);
        const std::string expires = verification.expiresAt;
        if (verification.verdict == plugin::StepVerdict::Verified && !expires.empty() &&
            !domain::isIsoDate(expires.substr(0, 10)))
            throw http::Problem(503, "Step type unavailable",
                                unavailable + " gave an expiry that is not a date (" + expires + "); nothing was stored");
        // A plugin that misbehaves in what it gives back is refused like one that throws.
        const std::string badFacts = domain::checkStepFacts(facts);
        const std::string badReasons = verification.verdict == plugin::StepVerdict::Manual
                                           ? domain::checkReviewReasons(verification.reason)
                                           : std::string();
        if (!badFacts.empty() || !badReasons.empty()) {
            const std::string what = !badFacts.empty() ? badFacts : badReasons;
            Poco::Logger::get("plugin." + loaded->pluginId).error("RTP0042 " + s.stepType + ": " + what);
            throw http::Problem(503, "Step type unavailable",
                                unavailable + " gave an answer the server does not keep: " + what +
                                    "; nothing was stored");
        }
        Poco::JSON::Array factsJson;
        for (const auto& [name, value] : facts) {
            Poco::JSON::Object fact;
            fact.set("name", name);
            fact.set("value", value);
            factsJson.add(fact);
        }
        after.facts = stringify(factsJson);
        if (!facts.empty()) detail.set("facts", factsJson);
        const domain::AutomaticVerdict verdict = verification.verdict == plugin::StepVerdict::Verified
                                                     ? domain::AutomaticVerdict::Verified
                                                 : verification.verdict == plugin::StepVerdict::Rejected
                                                     ? domain::AutomaticVerdict::Rejected
                                                     : domain::AutomaticVerdict::Manual;
        after.state = domain::stepStateAfterSubmit(verdict);
        if (after.state != "submitted") {
            detail.set("automatic", true);
            detail.set("plugin", loaded->pluginId);
        } else {
            after.reviewReasons = verification.reason;
        }
        if (after.state == "verified") {
            after.verifiedAt = store::utcNow();
            after.expiresAt = expires.empty() ? domain::expiryOf(given.today, s.expiryDays) : expires.substr(0, 10);
        }
        if (after.state == "rejected")
            after.reason = verification.reason.empty() ? "rejected by the step type " + s.stepType : verification.reason;
    }
    after.answers = stringify(answers);
    Poco::JSON::Array documents;
    for (const auto& id : submission.documentIds) documents.add(id);
    after.documentIds = stringify(documents);
}

void StepCompletionHandlers::act(http::RequestContext& context, const std::string& action) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const store::Rotation r = requireRotation(context.param("id"), who);
    const std::string stepId = context.param("stepId");
    store::StepCompletionRepository repository(database());
    const auto found = repository.find(r.id, stepId);
    if (!found) throw http::Problem::notFound("no step " + stepId + " on rotation " + r.id);
    const store::StepOnRotation& s = *found;
    const domain::StepActors actors = domain::stepActors(who, stepPartiesOf(r, s));
    const domain::StepParty party = action == "submit" ? domain::StepParty::Completer : domain::StepParty::Owner;
    const bool mayAct = party == domain::StepParty::Completer ? actors.completer : actors.owner;
    if (!mayAct)
        throw http::Problem::forbidden(domain::describeStepRefusal(domain::StepRefusal::WrongParty, s.completion.state, action));
    if (!domain::stepsOpen(r.status))
        throw http::Problem(409, "Rotation status", "the steps of a rotation that is " + r.status + " are not changed");

    const Poco::JSON::Object::Ptr body = optionalBody(context);
    std::string reason;
    if (action != "submit") {
        http::Problem problem = http::Problem::validation("the step cannot be changed as given");
        refuseUnknownMembers(body, {"reason"}, problem);
        reason = optionalString(body, "reason", problem, "", 2000);
        throwIfInvalid(problem);
    }
    std::string to;
    const domain::StepRefusal refusal = domain::checkStepTransition(s.completion.state, action, party, reason, to);
    if (refusal == domain::StepRefusal::ReasonRequired)
        throw http::Problem::validation("a reason is needed")
            .withError("reason", domain::describeStepRefusal(refusal, s.completion.state, action));
    if (refusal != domain::StepRefusal::Allowed)
        throw http::Problem(409, "Step state", domain::describeStepRefusal(refusal, s.completion.state, action));

    store::StepCompletion after = s.completion;
    Poco::JSON::Object detail;
    detail.set("stepId", s.completion.stepId);
    detail.set("completionId", s.completion.id);
    detail.set("step", s.name);
    detail.set("from", s.completion.state);
    const std::string now = store::utcNow();
    if (action == "submit") {
        after.submittedBy = caller.user.id;
        after.submittedAt = now;
        after.verifiedBy.clear();
        after.verifiedAt.clear();
        after.expiresAt.clear();
        after.reason.clear();
        after.facts = "[]";
        after.reviewReasons.clear();
        readSubmission(body, r, s, after, detail);
    } else if (action == "verify") {
        after.state = to;
        after.reviewReasons.clear();
        after.verifiedBy = caller.user.id;
        after.verifiedAt = now;
        after.expiresAt = domain::expiryOf(domain::todayIn(facilityTimeZone(database(), r.facilityId)), s.expiryDays);
        after.reason.clear();
    } else if (action == "reject") {
        after.state = to;
        after.reviewReasons.clear();
        after.verifiedBy.clear();
        after.verifiedAt.clear();
        after.reason = reason;
    } else {  // waive
        after.state = to;
        after.reviewReasons.clear();
        after.verifiedBy = caller.user.id;
        after.verifiedAt = now;
        after.expiresAt.clear();
        after.reason = reason;
    }
    detail.set("to", after.state);
    if (!after.reason.empty()) detail.set("reason", after.reason);
    if (!after.expiresAt.empty()) detail.set("expiresAt", after.expiresAt);

    store::RotationEvent event;
    event.rotationId = r.id;
    event.occurredAt = now;
    event.actorId = caller.user.id;
    event.kind = "step";
    event.action = pastTense(after.state);
    event.body = after.state == "rejected" || after.state == "waived" ? after.reason : "";
    event.detail = stringify(detail);
    if (!repository.update(after, s.completion.state, event))
        throw http::Problem(409, "Step state", "the step changed meanwhile; load it again");
    audit(database(), caller, context, pastTense(after.state), "rotation", r.id, detail);
    if (after.state == "rejected")  // by its owner, or by a plugin step type on submit: the student resubmits
        RotationNotices(database(), accounts_.outbox(), accounts_.settings().publicUrl).stepRejected(r, s.name);
    context.sendJson(200, stepJson(r, *repository.find(r.id, stepId), who));
}

Poco::JSON::Object StepCompletionHandlers::progressJson(const store::Rotation& r) {
    const auto steps = store::StepCompletionRepository(database()).forRotation(r.id);
    Poco::JSON::Object item;
    item.set("rotationId", r.id);
    item.set("status", r.status);
    item.set("studentId", r.studentId);
    item.set("facilityId", r.facilityId);
    item.set("schoolId", r.schoolId);
    item.set("startDate", r.startDate);
    item.set("endDate", r.endDate);
    item.set("summary", summaryJson(r, steps));
    // What is left and what lapses during the rotation, by step.
    Poco::JSON::Array open, expiring;
    for (const auto& s : steps) {
        const store::StepCompletion& c = s.completion;
        const std::string on = domain::waitingOn(c.state, c.completedBy, domain::stepOwnerParty(stepPartiesOf(r, s)));
        Poco::JSON::Object step;
        step.set("stepId", c.stepId);
        step.set("name", s.name);
        step.set("state", c.state);
        step.set("required", c.required);
        step.set("waitingOn", orNull(on));
        step.set("expiresAt", orNull(c.expiresAt));
        if (!on.empty()) open.add(step);
        if (c.state == "verified" && domain::expiresBefore(c.expiresAt, r.endDate)) expiring.add(step);
    }
    item.set("open", open);
    item.set("expiringBeforeEnd", expiring);
    return item;
}

void StepCompletionHandlers::progress(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const domain::Caller who = policyCaller(database(), caller);
    const std::string studentId = context.param("userId");
    std::vector<std::string> schools;
    for (const auto& m : store::OrganizationRepository(database()).membershipsOf(studentId))
        if (m.role == "student") schools.push_back(m.organizationId);
    if (!domain::mayReadStudentProgress(who, studentId, schools)) throw http::Problem::notFound("no student " + studentId);
    store::RotationQuery query;
    query.viewerId = studentId;  // the student's own rotations; each is then filtered by the caller's policy
    query.studentId = studentId;
    query.limit = kMostRotationsInProgress;
    Poco::JSON::Array rotations;
    for (const auto& r : store::RotationRepository(database()).list(query))
        if (domain::mayReadRotation(who, partiesOf(r))) rotations.add(progressJson(r));
    Poco::JSON::Object answer;
    answer.set("studentId", studentId);
    answer.set("rotations", rotations);
    context.sendJson(200, answer);
}

// The rotations of a facility or a school with their onboarding progress, by
// start date, a page at a time (?status=&limit=&cursor=).
void StepCompletionHandlers::board(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Organization organization = requireOrganizationOfKind(database(), context.param("id"), "");
    const domain::Caller who = policyCaller(database(), caller);
    if (!domain::mayReadOnboardingBoard(who, organization.id, organization.kind)) {
        if (domain::isMember(who, organization.id))
            throw http::Problem::forbidden("the onboarding board is read by the organization's staff");
        throw http::Problem::notFound("no organization " + organization.id);
    }
    const Page page = pageOf(context);
    store::RotationQuery query;
    query.viewerId = caller.user.id;
    if (organization.kind == "facility") {
        query.facilityIds = {organization.id};
        query.facilityId = organization.id;
    } else {
        query.schoolIds = {organization.id};
        query.schoolId = organization.id;
    }
    query.status = context.query("status");
    if (!query.status.empty() && !domain::isRotationStatus(query.status))
        throw http::Problem::validation("the board cannot be read as asked").withError("status", "is not a rotation status");
    query.after = page.cursor;
    query.limit = page.limit + 1;
    auto found = store::RotationRepository(database()).list(query);
    const bool more = static_cast<int>(found.size()) > page.limit;
    if (more) found.pop_back();
    Poco::JSON::Array items;
    for (const auto& r : found)
        if (domain::mayReadRotation(who, partiesOf(r))) items.add(progressJson(r));
    Poco::JSON::Object answer;
    answer.set("items", items);
    answer.set("nextCursor", more ? Poco::Dynamic::Var(found.back().id) : Poco::Dynamic::Var());
    context.sendJson(200, answer);
}

}  // namespace

domain::StepCompletionLookup stepCompletionLookup(store::Database& database) {
    return [&database](const std::string& id) -> std::optional<domain::StepCompletionParties> {
        const auto step = store::StepCompletionRepository(database).findById(id);
        if (!step) return std::nullopt;
        const auto rotation = store::RotationRepository(database).findById(step->completion.rotationId);
        if (!rotation) return std::nullopt;
        return stepPartiesOf(*rotation, *step);
    };
}

void registerStepCompletionRoutes(http::Router& router, auth::AccountService& accounts, plugins::PluginHost* plugins) {
    auto h = std::make_shared<StepCompletionHandlers>(accounts, plugins);
    router.add("GET", "/api/v1/rotations/{id}/steps",
               "A rotation's steps: state, whom each waits on, what expires before the rotation ends",
               [h](http::RequestContext& c) { h->list(c); });
    for (const auto& t : domain::stepTransitions()) {
        if (t.party == domain::StepParty::System) continue;
        const std::string action = t.action;
        router.add("POST", "/api/v1/rotations/{id}/steps/{stepId}/" + action,
                   action == "submit" ? "Submit a step (its completer): answers, documentIds or confirmed"
                                      : "Step: " + action + " (the organization that owns the step)",
                   [h, action](http::RequestContext& c) { h->act(c, action); });
    }
    router.add("GET", "/api/v1/students/{userId}/progress",
               "A student's onboarding progress on each rotation the caller may read (the student, their school's staff)",
               [h](http::RequestContext& c) { h->progress(c); });
    router.add("GET", "/api/v1/organizations/{id}/onboarding",
               "A facility's or school's rotations with their onboarding progress (its staff; ?status=&limit=&cursor=)",
               [h](http::RequestContext& c) { h->board(c); });
}

}  // namespace rotunda::api
