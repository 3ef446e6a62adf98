// DocumentRoutes.cpp — uploading, downloading, listing and deleting documents.
//
// Bytes stream between the client and the DocumentStore plugin in 64 KB pieces,
// never whole in memory. Metadata (record, name, detected type, size, SHA-256)
// is written only once the store has the complete document.
#include "api/DocumentRoutes.h"

#include "api/AuthRoutes.h"
#include "api/Common.h"
#include "api/MessageRoutes.h"
#include "api/SetupCommon.h"
#include "api/StepCompletionRoutes.h"
#include "api/UploadStream.h"
#include "app/Settings.h"
#include "domain/Policy.h"
#include "domain/Uploads.h"
#include "store/DocumentRepository.h"
#include "store/OrganizationRepository.h"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>
#include <Poco/Net/MessageHeader.h>
#include <Poco/Net/MultipartReader.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>

#include <algorithm>
#include <array>

namespace rotunda::api {
namespace {

const char* const kDefaultTypes =
    "application/pdf, image/png, image/jpeg, image/gif, image/webp, image/tiff, text/plain, text/csv, "
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document, "
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Room for multipart boundaries and part headers around the file itself.
constexpr std::uint64_t kMultipartOverhead = 64 * 1024;

Poco::Logger& log() {
    static Poco::Logger& logger = Poco::Logger::get("rotunda.documents");
    return logger;
}

Poco::JSON::Object documentJson(const store::Document& d) {
    Poco::JSON::Object json;
    json.set("id", d.id);
    json.set("recordType", d.recordType);
    json.set("recordId", d.recordId);
    json.set("filename", d.filename);
    json.set("contentType", d.contentType);
    json.set("size", d.sizeBytes);
    json.set("sha256", d.sha256);
    json.set("uploadedBy", d.uploadedBy);
    json.set("createdAt", d.createdAt);
    return json;
}

Poco::JSON::Object auditDetail(const store::Document& d) {
    Poco::JSON::Object detail;
    detail.set("document", d.id);
    detail.set("filename", d.filename);
    detail.set("contentType", d.contentType);
    detail.set("size", d.sizeBytes);
    return detail;
}

class DocumentHandlers {
public:
    DocumentHandlers(auth::AccountService& accounts, plugins::PluginHost* plugins, const DocumentSettings& settings)
        : accounts_(accounts), plugins_(plugins), settings_(settings) {}

    void upload(http::RequestContext& context);
    void download(http::RequestContext& context);
    void list(http::RequestContext& context);
    void remove(http::RequestContext& context);

private:
    /// The repository lookups the document policy needs (agreements, threads, step completions).
    domain::DocumentLookups lookups() {
        return {agreementLookup(accounts_.database()), threadLookup(accounts_.database()),
                stepCompletionLookup(accounts_.database())};
    }
    /// The record named by the recordType and recordId query parameters, after the
    /// policy check: 404 when the caller may not read it (or it does not exist),
    /// 403 when `write` is needed and the caller may only read.
    std::pair<std::string, std::string> requireRecord(http::RequestContext& context,
                                                      const auth::Authenticated& caller, bool write);
    /// The document of the path's id, if the caller may read it; 404 otherwise.
    store::Document requireDocument(http::RequestContext& context, const auth::Authenticated& caller,
                                    domain::DocumentAccess& access);
    const plugins::LoadedComponent<plugin::DocumentStore>& requireStore(const std::string& pluginId = "") const;
    std::string storeAndDescribe(http::RequestContext& context, std::istream& content, const std::string& filename,
                                 const std::string& declaredType, std::string& contentType, std::uint64_t& size,
                                 std::string& sha256, const UploadStreamBuf& body);

    auth::AccountService& accounts_;
    plugins::PluginHost* plugins_;
    DocumentSettings settings_;
};

std::pair<std::string, std::string> DocumentHandlers::requireRecord(http::RequestContext& context,
                                                                    const auth::Authenticated& caller, bool write) {
    const std::string type = context.query("recordType");
    const std::string id = context.query("recordId");
    http::Problem problem = http::Problem::validation("a document belongs to one record: give recordType and recordId");
    if (type.empty()) problem.withError("recordType", "is required");
    else if (!domain::isDocumentRecordType(type))
        problem.withError("recordType", "must be user, profile, organization, agreement, message or step_completion");
    if (id.empty() || id.size() > 64) problem.withError("recordId", "is required (at most 64 characters)");
    throwIfInvalid(problem);
    const domain::DocumentAccess access =
        domain::documentAccess(policyCaller(accounts_.database(), caller), type, id, lookups());
    const bool exists = type != "organization" || store::OrganizationRepository(accounts_.database()).findById(id);
    if (!access.read || !exists) throw http::Problem::notFound("no " + type + " " + id);
    if (write && !access.write)
        throw http::Problem::forbidden("you may read this " + type + "'s documents but not add or remove them");
    return {type, id};
}

store::Document DocumentHandlers::requireDocument(http::RequestContext& context, const auth::Authenticated& caller,
                                                  domain::DocumentAccess& access) {
    const std::string id = context.param("id");
    const auto document = store::DocumentRepository(accounts_.database()).findById(id);
    if (document) {
        access = domain::documentAccess(policyCaller(accounts_.database(), caller), document->recordType,
                                        document->recordId, lookups());
        if (access.read) return *document;
    }
    throw http::Problem::notFound("no document " + id);
}

const plugins::LoadedComponent<plugin::DocumentStore>& DocumentHandlers::requireStore(const std::string& pluginId) const {
    const std::string wanted = pluginId.empty() ? settings_.store : pluginId;
    if (plugins_ != nullptr) {
        for (const auto& loaded : plugins_->documentStores())
            if (wanted.empty() || loaded.pluginId == wanted) return loaded;
    }
    throw http::Problem::unavailable(
        wanted.empty() ? "document store unavailable: no DocumentStore plugin is enabled (an operator enables one, "
                         "e.g. plugins.fs-documents.enabled = true)"
                       : "document store unavailable: plugin '" + wanted + "' is not loaded; see /health");
}

// Sniffs, checks and streams one file into the store; returns the store's key.
std::string DocumentHandlers::storeAndDescribe(http::RequestContext& context, std::istream& content,
                                               const std::string& filename, const std::string& declaredType,
                                               std::string& contentType, std::uint64_t& size, std::string& sha256,
                                               const UploadStreamBuf& body) {
    std::string head;
    try {
        head = readUpTo(content, domain::kSniffBytes);
    } catch (const std::exception&) {
        context.response().setKeepAlive(false);
        throw http::Problem::badRequest("the upload broke off before its end; nothing was stored");
    }
    if (content.bad() || body.failure() == UploadStreamBuf::Failure::BrokenOff) {
        context.response().setKeepAlive(false);
        throw http::Problem::badRequest("the upload broke off before its end; nothing was stored");
    }
    if (body.failure() == UploadStreamBuf::Failure::TooLarge) throw http::Problem::payloadTooLarge(settings_.maxBytes);
    contentType = domain::sniffContentType(head, filename);
    if (std::find(settings_.allowedTypes.begin(), settings_.allowedTypes.end(), contentType) ==
        settings_.allowedTypes.end()) {
        std::string allowed;
        for (const auto& type : settings_.allowedTypes) allowed += (allowed.empty() ? "" : ", ") + type;
        throw http::Problem::unsupportedMediaType("content that reads as " + contentType, allowed);
    }
    if (!domain::declaredTypeAgrees(declaredType, contentType))
        throw http::Problem::unsupportedMediaType("declared " + declaredType + " but the content reads as " + contentType,
                                                  contentType + " (declare the type the file really has)");

    const auto& store = requireStore();
    UploadStreamBuf file(content, head, settings_.maxBytes);
    std::istream stream(&file);
    bool unavailable = false;
    std::string key;
    try {
        key = plugins_->guard(store.pluginId, "put", [&] {
            try {
                return store.component->put(stream, {contentType, 0});
            } catch (const plugin::StoreUnavailable&) {
                unavailable = true;
                throw;
            }
        });
    } catch (const plugins::PluginCallError& e) {
        // The rest of the body is not worth reading: this connection ends with the answer.
        context.response().setKeepAlive(false);
        if (file.failure() == UploadStreamBuf::Failure::TooLarge || body.failure() == UploadStreamBuf::Failure::TooLarge)
            throw http::Problem::payloadTooLarge(settings_.maxBytes);
        if (file.failure() == UploadStreamBuf::Failure::BrokenOff || body.failure() == UploadStreamBuf::Failure::BrokenOff)
            throw http::Problem::badRequest("the upload broke off before its end; nothing was stored");
        throw http::Problem::unavailable(std::string("document store unavailable") +
                                         (unavailable ? "" : " (the store failed)") +
                                         "; nothing was stored, try again later");
    }
    size = file.bytes();
    sha256 = file.sha256();
    return key;
}

void DocumentHandlers::upload(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const auto [recordType, recordId] = requireRecord(context, caller, true);
    requireStore();  // before reading a byte of the body
    Poco::Net::HTTPServerRequest& request = context.request();
    if (!request.hasContentLength() && !request.getChunkedTransferEncoding())
        throw http::Problem(411, "Length Required", "send the document with Content-Length or chunked encoding");

    std::string mediaType;
    Poco::Net::NameValueCollection parameters;
    Poco::Net::MessageHeader::splitParameters(request.getContentType(), mediaType, parameters);
    mediaType = Poco::toLower(mediaType);
    const bool multipart = mediaType == "multipart/form-data";
    if (!multipart && http::declaresBodyOver(request, settings_.maxBytes)) throw http::Problem::payloadTooLarge(settings_.maxBytes);

    std::optional<std::uint64_t> expected;
    if (request.hasContentLength()) expected = static_cast<std::uint64_t>(request.getContentLength64());
    UploadStreamBuf bodyBuffer(request.stream(), "", settings_.maxBytes + (multipart ? kMultipartOverhead : 0),
                               expected, false);
    std::istream body(&bodyBuffer);
    body.exceptions(std::ios::badbit);  // a broken body surfaces through the multipart reader as an exception

    std::string filename;
    std::string declaredType;
    std::string contentType, sha256, key;
    std::uint64_t size = 0;
    if (multipart) {
        const std::string boundary = parameters.get("boundary", "");
        if (boundary.empty() || boundary.size() > 70)
            throw http::Problem::badRequest("multipart/form-data needs a boundary parameter of 1 to 70 characters");
        Poco::Net::MultipartReader reader(body, boundary);
        try {
            for (int parts = 0;; ++parts) {
                if (parts == 20 || !reader.hasNextPart())
                    throw http::Problem::validation("the form has no file part").withError("file", "is required");
                Poco::Net::MessageHeader headers;
                reader.nextPart(headers);
                std::string disposition;
                Poco::Net::NameValueCollection dispositionParameters;
                Poco::Net::MessageHeader::splitParameters(headers.get("Content-Disposition", ""), disposition,
                                                          dispositionParameters);
                if (dispositionParameters.has("filename")) {
                    filename = dispositionParameters.get("filename");
                    declaredType = headers.get("Content-Type", "");
                    break;
                }
                readUpTo(reader.stream(), 64 * 1024);  // a text field: skipped
            }
        } catch (const Poco::Exception& e) {
            throw http::Problem::badRequest("the multipart form cannot be read: " + e.message());
        }
        key = storeAndDescribe(context, reader.stream(), domain::cleanFilename(filename), declaredType, contentType,
                               size, sha256, bodyBuffer);
    } else {
        filename = request.get("X-Filename", "");
        if (filename.empty()) {
            std::string disposition;
            Poco::Net::NameValueCollection dispositionParameters;
            Poco::Net::MessageHeader::splitParameters(request.get("Content-Disposition", ""), disposition,
                                                      dispositionParameters);
            filename = dispositionParameters.get("filename", "");
        }
        if (filename.empty())
            throw http::Problem::validation("a raw upload names its file in the X-Filename header (percent-encoded)")
                .withError("X-Filename", "is required");
        std::string decoded;
        try {
            Poco::URI::decode(filename, decoded);
        } catch (const Poco::Exception&) {
            decoded = filename;
        }
        filename = decoded;
        declaredType = request.getContentType();
        key = storeAndDescribe(context, body, domain::cleanFilename(filename), declaredType, contentType, size, sha256,
                               bodyBuffer);
    }

    const auto& store = requireStore();
    store::Document document;
    document.recordType = recordType;
    document.recordId = recordId;
    document.filename = domain::cleanFilename(filename);
    document.contentType = contentType;
    document.sizeBytes = static_cast<std::int64_t>(size);
    document.sha256 = sha256;
    document.storePlugin = store.pluginId;
    document.storeKey = key;
    document.uploadedBy = caller.user.id;
    try {
        document = store::DocumentRepository(accounts_.database()).create(document);
    } catch (...) {
        // No metadata, no bytes: the store's copy would be unreachable.
        try {
            plugins_->guard(store.pluginId, "remove", [&] { store.component->remove(key); });
        } catch (const plugins::PluginCallError&) {
            log().warning("RTX0001 document bytes " + store.pluginId + ":" + key +
                          " are stored without metadata and could not be removed; remove them by hand");
        }
        throw;
    }
    audit(accounts_.database(), caller, context, "document.uploaded", recordType, recordId, auditDetail(document));
    context.response().set("Location", "/api/v1/documents/" + document.id);
    context.sendJson(201, documentJson(document));
}

// "bytes=a-b", "bytes=a-" or "bytes=-n" against `size`: false when the header
// should be ignored (absent, malformed, several ranges); `satisfiable` false for 416.
bool parseRange(const std::string& header, std::uint64_t size, std::uint64_t& first, std::uint64_t& last,
                bool& satisfiable) {
    satisfiable = true;
    if (header.rfind("bytes=", 0) != 0 || header.find(',') != std::string::npos) return false;
    const std::string spec = Poco::trim(header.substr(6));
    const auto dash = spec.find('-');
    if (dash == std::string::npos) return false;
    const std::string from = spec.substr(0, dash), to = spec.substr(dash + 1);
    Poco::UInt64 a = 0, b = 0;
    if (from.empty()) {
        if (!Poco::NumberParser::tryParseUnsigned64(to, b) || b == 0) return false;
        if (size == 0) return satisfiable = false, true;
        first = b >= size ? 0 : size - b;
        last = size - 1;
        return true;
    }
    if (!Poco::NumberParser::tryParseUnsigned64(from, a)) return false;
    if (!to.empty() && (!Poco::NumberParser::tryParseUnsigned64(to, b) || b < a)) return false;
    if (a >= size) return satisfiable = false, true;
    first = a;
    last = to.empty() || b >= size ? size - 1 : b;
    return true;
}

// filename="ascii fallback"; filename*=UTF-8''percent-encoded (RFC 6266).
std::string contentDisposition(const std::string& filename) {
    std::string ascii;
    for (const char c : filename) {
        const auto u = static_cast<unsigned char>(c);
        ascii += u >= 0x20 && u < 0x7f && c != '"' && c != '\\' && c != ';' ? c : '_';
    }
    std::string encoded;
    Poco::URI::encode(filename, "!#$&+,/:;=?@[]\"'()*<>\\^`{|}% ", encoded);
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

void DocumentHandlers::download(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    domain::DocumentAccess access;
    const store::Document document = requireDocument(context, caller, access);
    Poco::Net::HTTPServerResponse& response = context.response();
    const std::string etag = "\"" + document.sha256 + "\"";
    response.set("ETag", etag);
    response.set("Cache-Control", "private, no-cache");
    response.set("Accept-Ranges", "bytes");
    if (context.request().get("If-None-Match", "") == etag) {
        response.setStatus(Poco::Net::HTTPResponse::HTTP_NOT_MODIFIED);
        response.setContentLength(0);
        response.send();
        return;
    }

    const auto& store = requireStore(document.storePlugin);
    bool corrupt = false, missing = false;
    std::unique_ptr<std::istream> in;
    try {
        in = plugins_->guard(store.pluginId, "get", [&] {
            try {
                return store.component->get(document.storeKey);
            } catch (const plugin::DocumentCorrupt&) {
                corrupt = true;
                throw;
            } catch (const std::out_of_range&) {
                missing = true;
                throw;
            }
        });
    } catch (const plugins::PluginCallError& e) {
        if (corrupt || missing) {
            log().error("RTX0002 document " + document.id + " cannot be served: " + e.what());
            audit(accounts_.database(), caller, context, corrupt ? "document.corrupt" : "document.missing",
                  document.recordType, document.recordId, auditDetail(document));
            throw http::Problem(500, "Document damaged",
                                "the stored copy of this document is damaged or missing, so it is not served; "
                                "an administrator can restore it from backup (request id in the server log)");
        }
        throw http::Problem::unavailable("document store unavailable; try again later");
    }

    const auto size = static_cast<std::uint64_t>(document.sizeBytes);
    std::uint64_t first = 0, last = size == 0 ? 0 : size - 1;
    bool satisfiable = true;
    const std::string ifRange = context.request().get("If-Range", etag);
    const bool ranged = ifRange == etag && context.request().has("Range") &&
                        parseRange(context.request().get("Range"), size, first, last, satisfiable);
    if (ranged && !satisfiable) {
        throw http::Problem(416, "Range Not Satisfiable", "the document has " + std::to_string(size) + " bytes")
            .withHeader("Content-Range", "bytes */" + std::to_string(size));
    }
    const std::uint64_t length = size == 0 ? 0 : last - first + 1;
    response.setContentType(document.contentType);
    response.set("Content-Disposition", contentDisposition(document.filename));
    response.setContentLength64(static_cast<Poco::Int64>(length));
    if (ranged) {
        response.setStatus(Poco::Net::HTTPResponse::HTTP_PARTIAL_CONTENT);
        response.set("Content-Range", "bytes " + std::to_string(first) + "-" + std::to_string(last) + "/" +
                                          std::to_string(size));
    }
    if (context.request().getMethod() == "HEAD") {
        response.send();
        return;
    }
    audit(accounts_.database(), caller, context, "document.downloaded", document.recordType, document.recordId,
          auditDetail(document));
    if (first > 0 && !in->seekg(static_cast<std::streamoff>(first))) {
        in->clear();
        in->ignore(static_cast<std::streamsize>(first));
    }
    std::ostream& out = response.send();
    std::array<char, 64 * 1024> buffer{};
    std::uint64_t remaining = length;
    while (remaining > 0 && *in && out) {
        in->read(buffer.data(), static_cast<std::streamsize>(std::min<std::uint64_t>(remaining, buffer.size())));
        const auto n = static_cast<std::uint64_t>(in->gcount());
        if (n == 0) break;
        out.write(buffer.data(), static_cast<std::streamsize>(n));
        remaining -= n;
    }
    if (remaining > 0) {
        response.setKeepAlive(false);  // the client sees a short body, not a wrong one
        log().error("RTX0003 document " + document.id + " ended " + std::to_string(remaining) +
                    " bytes early while being sent");
    }
}

void DocumentHandlers::list(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    const auto [recordType, recordId] = requireRecord(context, caller, false);
    Poco::JSON::Array items;
    for (const auto& document : store::DocumentRepository(accounts_.database()).listForRecord(recordType, recordId))
        items.add(documentJson(document));
    Poco::JSON::Object body;
    body.set("items", items);
    context.sendJson(200, body);
}

void DocumentHandlers::remove(http::RequestContext& context) {
    const auth::Authenticated caller = requireCaller(context, accounts_);
    domain::DocumentAccess access;
    const store::Document document = requireDocument(context, caller, access);
    if (!access.write) throw http::Problem::forbidden("you may read this document but not delete it");
    store::DocumentRepository documents(accounts_.database());
    const std::vector<std::string> uses = documents.usesOf(document.id);
    if (!uses.empty()) {
        std::string reasons;
        for (const auto& use : uses) reasons += (reasons.empty() ? "" : "; ") + use;
        throw http::Problem(409, "Document in use", "this document cannot be deleted: it is " + reasons);
    }
    // The row goes first: bytes without a row are only wasted space, a row without bytes a broken link.
    documents.remove(document.id);
    audit(accounts_.database(), caller, context, "document.deleted", document.recordType, document.recordId,
          auditDetail(document));
    try {
        const auto& store = requireStore(document.storePlugin);
        plugins_->guard(store.pluginId, "remove", [&] { store.component->remove(document.storeKey); });
    } catch (const std::exception& e) {
        log().warning("RTX0004 document " + document.id + " was deleted but its bytes " + document.storePlugin + ":" +
                      document.storeKey + " could not be removed (" + e.what() + "); remove them by hand");
    }
    context.sendNoContent();
}

}  // namespace

DocumentSettings DocumentSettings::fromConfiguration(const Poco::Util::AbstractConfiguration& config) {
    DocumentSettings settings;
    settings.maxBytes = static_cast<std::uint64_t>(app::readInt(config, "documents.maxMegabytes", 25, 1, 4096)) *
                        1024 * 1024;
    const std::string types = app::readString(config, "documents.allowedTypes", kDefaultTypes);
    Poco::StringTokenizer tokens(types, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& token : tokens) {
        const std::string type = Poco::toLower(token);
        if (type.find('/') == std::string::npos || type.find(' ') != std::string::npos)
            throw app::ConfigError("documents.allowedTypes", types,
                                   "comma-separated media types such as application/pdf, image/png");
        settings.allowedTypes.push_back(type);
    }
    if (settings.allowedTypes.empty())
        throw app::ConfigError("documents.allowedTypes", types, "at least one media type");
    settings.store = app::readString(config, "documents.store", "");
    return settings;
}

void registerDocumentRoutes(http::Router& router, auth::AccountService& accounts, plugins::PluginHost* plugins,
                            const DocumentSettings& settings) {
    auto handlers = std::make_shared<DocumentHandlers>(accounts, plugins, settings);
    router.add(
        "POST", "/api/v1/documents",
        "Upload a document to a record (?recordType=&recordId=): multipart/form-data or a raw body with X-Filename",
        [handlers](http::RequestContext& context) { handlers->upload(context); },
        settings.maxBytes + kMultipartOverhead);
    router.add("GET", "/api/v1/documents", "The documents of a record (?recordType=&recordId=)",
               [handlers](http::RequestContext& context) { handlers->list(context); });
    router.add("GET", "/api/v1/documents/{id}", "Download a document (ETag, ranges)",
               [handlers](http::RequestContext& context) { handlers->download(context); });
    router.add("DELETE", "/api/v1/documents/{id}", "Delete a document (refused while something relies on it)",
               [handlers](http::RequestContext& context) { handlers->remove(context); });
}

}  // namespace rotunda::api
