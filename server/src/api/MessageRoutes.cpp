// MessageRoutes.cpp — message threads between two people: messages, read markers,
// unread counts and attachments. Message bodies are never logged nor audited.
#include "api/MessageRoutes.h"

#include "api/AuthRoutes.h"
#include "api/Common.h"
#include "api/SharedRotationLookup.h"
#include "domain/Social.h"
#include "store/DocumentRepository.h"
#include "store/MessageRepository.h"

#include <Poco/JSON/Array.h>
#include <Poco/NumberParser.h>

namespace rotunda::api {
namespace {

Poco::JSON::Object threadJson(const store::Thread& t) {
    Poco::JSON::Object json;
    json.set("id", t.id);
    json.set("otherId", t.otherId);
    json.set("otherName", t.otherName);
    json.set("createdAt", t.createdAt);
    json.set("lastMessageAt", t.lastMessageAt);
    json.set("lastReadId", t.lastReadId);
    json.set("unread", t.unread);
    return json;
}

Poco::JSON::Object messageJson(const store::Message& m) {
    Poco::JSON::Object json;
    json.set("id", m.id);
    json.set("threadId", m.threadId);
    json.set("senderId", m.senderId);
    json.set("body", m.body);
    json.set("documentId", m.documentId.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(m.documentId));
    json.set("createdAt", m.createdAt);
    return json;
}

class MessageHandlers {
public:
    MessageHandlers(auth::AccountService& accounts, const SocialSettings& settings)
        : accounts_(accounts), settings_(settings) {}

    void open(http::RequestContext& context);
    void list(http::RequestContext& context);
    void get(http::RequestContext& context);
    void messages(http::RequestContext& context);
    void send(http::RequestContext& context);
    void read(http::RequestContext& context);
    void unread(http::RequestContext& context);

private:
    store::Database& database() { return accounts_.database(); }
    /// The path's thread as the caller sees it: 404 unless they are one of its two people.
    store::Thread requireThread(http::RequestContext& context, const auth::Authenticated& caller);
    /// Refuses (403) when the two may not message each other now.
    void requireMayMessage(const auth::Authenticated& caller, const std::string& otherId);

    auth::AccountService& accounts_;
    SocialSettings settings_;
};

store::Thread MessageHandlers::requireThread(http::RequestContext& context, const auth::Authenticated& caller) {
    const std::string id = context.param("id");
    const domain::Caller who = policyCaller(database(), caller);
    store::MessageRepository threads(database());
    if (domain::mayReadThread(who, threads.peopleOf(id))) {
        if (const auto thread = threads.thread(id, caller.user.id)) return *thread;
    }
    throw http::Problem::notFound("no thread " + id + " of yours");
}

void MessageHandlers::requireMayMessage(const auth::Authenticated& caller, const std::string& otherId) {
    const domain::Caller who = policyCaller(database(), caller);
    const domain::ContactRefusal refusal = domain::mayMessage(who, otherId, relationOf(database(), caller.user.id, otherId),
                                                              sharedRotationLookup(database()));
    switch (refusal) {
        case domain::ContactRefusal::None: return;
        case domain::ContactRefusal::Self:
            throw http::Problem::validation("you cannot message yourself").withError("userId", "must be someone else");
        case domain::ContactRefusal::Blocked:
            throw http::Problem::forbidden("you cannot send requests or messages to this person");
        case domain::ContactRefusal::NotConnected:
            throw http::Problem::forbidden("connect with this person first (or share a rotation with them)");
    }
}

void MessageHandlers::open(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the thread cannot be opened as given");
    refuseUnknownMembers(body, {"userId"}, problem);
    const std::string userId = requiredString(body, "userId", problem, 64);
    throwIfInvalid(problem);
    const domain::Caller who = policyCaller(database(), caller);
    if (userId != caller.user.id) {
        // People the caller cannot see are unknown to them, unless they share a rotation.
        const auto entry = store::DirectoryRepository(database()).person(userId);
        const bool visible =
            entry && domain::personVisibility(who, directoryPerson(*entry), relationOf(database(), caller.user.id, userId))
                         .visible;
        if (!entry || (!visible && !sharedRotationLookup(database())(caller.user.id, userId)))
            throw http::Problem::notFound("no person " + userId + " that you can see");
    }
    requireMayMessage(caller, userId);
    store::MessageRepository threads(database());
    const bool existed = threads.threadBetween(caller.user.id, userId, false).has_value();
    const std::string id = *threads.threadBetween(caller.user.id, userId, true);
    if (!existed) {
        Poco::JSON::Object detail;
        detail.set("thread", id);
        detail.set("with", userId);
        audit(database(), caller, context, "thread.opened", "user", caller.user.id, detail);
    }
    context.sendJson(existed ? 200 : 201, threadJson(*threads.thread(id, caller.user.id)));
}

void MessageHandlers::list(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    http::Problem problem = http::Problem::validation("the threads cannot be listed as asked");
    const int limit = pageLimit(context, problem, 20);
    const std::string cursor = context.query("cursor");
    const auto bar = cursor.find('|');
    if (!cursor.empty() && bar == std::string::npos) problem.withError("cursor", "is not a cursor this listing gave");
    throwIfInvalid(problem);
    store::MessageRepository threads(database());
    const auto found = threads.threadsOf(caller.user.id, cursor.empty() ? "" : cursor.substr(0, bar),
                                         cursor.empty() ? "" : cursor.substr(bar + 1), limit);
    Poco::JSON::Array items;
    for (const auto& t : found) items.add(threadJson(t));
    Poco::JSON::Object body;
    body.set("items", items);
    body.set("unreadTotal", threads.unreadTotal(caller.user.id));
    body.set("nextCursor", static_cast<int>(found.size()) == limit
                               ? Poco::Dynamic::Var(found.back().lastMessageAt + "|" + found.back().id)
                               : Poco::Dynamic::Var());
    context.sendJson(200, body);
}

void MessageHandlers::get(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    context.sendJson(200, threadJson(requireThread(context, caller)));
}

void MessageHandlers::messages(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Thread thread = requireThread(context, caller);
    http::Problem problem = http::Problem::validation("the messages cannot be listed as asked");
    const int limit = pageLimit(context, problem, 50);
    Poco::Int64 before = 0;
    const std::string beforeText = context.query("before");
    if (!beforeText.empty() && (!Poco::NumberParser::tryParse64(beforeText, before) || before < 1))
        problem.withError("before", "must be a message id (the nextCursor of the previous page)");
    throwIfInvalid(problem);
    const auto found = store::MessageRepository(database()).messages(thread.id, before, limit);
    Poco::JSON::Array items;
    for (const auto& m : found) items.add(messageJson(m));
    Poco::JSON::Object body;
    body.set("items", items);  // newest first; the next page is older
    body.set("lastReadId", thread.lastReadId);
    body.set("unread", thread.unread);
    body.set("nextCursor",
             static_cast<int>(found.size()) == limit ? Poco::Dynamic::Var(std::to_string(found.back().id))
                                                     : Poco::Dynamic::Var());
    context.sendJson(200, body);
}

void MessageHandlers::send(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Thread thread = requireThread(context, caller);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the message cannot be sent as given");
    refuseUnknownMembers(body, {"body", "documentId"}, problem);
    std::string text;
    if (body->has("body")) text = requiredString(body, "body", problem, domain::kMaxMessageBody);
    std::string documentId;
    if (body->has("documentId") && !body->isNull("documentId")) {
        documentId = requiredString(body, "documentId", problem, 64);
        const auto document = store::DocumentRepository(database()).findById(documentId);
        if (!document || document->recordType != "message" || document->recordId != thread.id)
            problem.withError("documentId", "must be a document uploaded with recordType=message&recordId=" + thread.id);
        else if (static_cast<std::uint64_t>(document->sizeBytes) > settings_.messageAttachmentMaxBytes)
            problem.withError("documentId", "is larger than the " +
                                                std::to_string(settings_.messageAttachmentMaxBytes / (1024 * 1024)) +
                                                " MB an attachment may be");
    }
    if (problem.errors().empty()) {
        const std::string why = domain::messageProblem(text, !documentId.empty());
        if (!why.empty()) problem.withError("body", why);
    }
    throwIfInvalid(problem);
    requireMayMessage(caller, thread.otherId);
    const store::Message message = store::MessageRepository(database()).append(thread.id, caller.user.id, text, documentId);
    // Who wrote to whom and when, never what.
    Poco::JSON::Object detail;
    detail.set("thread", thread.id);
    detail.set("message", message.id);
    detail.set("to", thread.otherId);
    if (!documentId.empty()) detail.set("document", documentId);
    audit(database(), caller, context, "message.sent", "user", caller.user.id, detail);
    context.sendJson(201, messageJson(message));
}

void MessageHandlers::read(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const store::Thread thread = requireThread(context, caller);
    const Poco::JSON::Object::Ptr body = context.jsonBody();
    http::Problem problem = http::Problem::validation("the read marker cannot be set as given");
    refuseUnknownMembers(body, {"upTo"}, problem);
    Poco::Int64 upTo = 0;
    if (!body->has("upTo") || !body->get("upTo").isInteger() || (upTo = body->getValue<Poco::Int64>("upTo")) < 0)
        problem.withError("upTo", "must be the id of the last message read");
    throwIfInvalid(problem);
    store::MessageRepository threads(database());
    threads.markRead(thread.id, caller.user.id, upTo);
    context.sendJson(200, threadJson(*threads.thread(thread.id, caller.user.id)));
}

void MessageHandlers::unread(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    Poco::JSON::Object body;
    body.set("messages", store::MessageRepository(database()).unreadTotal(caller.user.id));
    context.sendJson(200, body);
}

}  // namespace

domain::ThreadLookup threadLookup(store::Database& database) {
    return [&database](const std::string& threadId) { return store::MessageRepository(database).peopleOf(threadId); };
}

void registerMessageRoutes(http::Router& router, auth::AccountService& accounts, const SocialSettings& settings) {
    auto handlers = std::make_shared<MessageHandlers>(accounts, settings);
    const auto bind = [handlers](void (MessageHandlers::*method)(http::RequestContext&)) {
        return [handlers, method](http::RequestContext& context) { ((*handlers).*method)(context); };
    };
    router.add("POST", "/api/v1/threads",
               "Open (or find) the thread with a person (userId): connected people, or the parties of a shared rotation",
               bind(&MessageHandlers::open));
    router.add("GET", "/api/v1/threads", "Your threads, most recent first, with unread counts (?limit=&cursor=)",
               bind(&MessageHandlers::list));
    router.add("GET", "/api/v1/threads/{id}", "One thread of yours", bind(&MessageHandlers::get));
    router.add("GET", "/api/v1/threads/{id}/messages", "Messages, newest first; ?before=<nextCursor> pages back in time",
               bind(&MessageHandlers::messages));
    router.add("POST", "/api/v1/threads/{id}/messages",
               "Send a message (body up to 8000 bytes, optional documentId of a message attachment)",
               bind(&MessageHandlers::send));
    router.add("POST", "/api/v1/threads/{id}/read", "Move your read marker forward (upTo: a message id)",
               bind(&MessageHandlers::read));
    router.add("GET", "/api/v1/me/unread", "How many messages you have not read", bind(&MessageHandlers::unread));
}

}  // namespace rotunda::api
