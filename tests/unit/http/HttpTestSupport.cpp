// HttpTestSupport.cpp — a real HttpServer on an ephemeral loopback port, and a raw HTTP client.
#include "HttpTestSupport.h"

#include <Poco/Message.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <stdexcept>

namespace rotunda::test {

http::HttpSettings loopbackSettings() {
    http::HttpSettings settings;
    settings.host = "127.0.0.1";
    settings.port = 0;
    return settings;
}

RunningServer::RunningServer(const http::Router& router, const http::HttpSettings& settings)
    : server_(std::make_unique<http::HttpServer>(settings, router, metrics_)) {
    server_->start();
}

RunningServer::~RunningServer() {
    server_->stop();
}

std::string RawResponse::header(const std::string& name) const {
    const auto found = headers.find(Poco::toLower(name));
    return found == headers.end() ? "" : found->second;
}

RawClient::RawClient(unsigned short port) : socket_(Poco::Net::SocketAddress("127.0.0.1", port)) {
    socket_.setReceiveTimeout(Poco::Timespan(10, 0));
}

void RawClient::send(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size())
        sent += static_cast<std::size_t>(
            socket_.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent)));
}

bool RawClient::fill() {
    char chunk[4096];
    const int n = socket_.receiveBytes(chunk, sizeof chunk);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
}

std::string RawClient::readLine() {
    std::string::size_type end;
    while ((end = buffer_.find("\r\n")) == std::string::npos)
        if (!fill()) throw std::runtime_error("connection closed before the end of a header line");
    std::string line = buffer_.substr(0, end);
    buffer_.erase(0, end + 2);
    return line;
}

std::string RawClient::readExactly(std::size_t size) {
    while (buffer_.size() < size)
        if (!fill()) throw std::runtime_error("connection closed before the end of the body");
    std::string bytes = buffer_.substr(0, size);
    buffer_.erase(0, size);
    return bytes;
}

RawResponse RawClient::read(bool head) {
    RawResponse response;
    const std::string statusLine = readLine();
    if (statusLine.size() < 12 || statusLine.compare(0, 5, "HTTP/") != 0)
        throw std::runtime_error("not an HTTP status line: " + statusLine);
    response.status = Poco::NumberParser::parse(statusLine.substr(9, 3));
    for (std::string line = readLine(); !line.empty(); line = readLine()) {
        const std::string::size_type colon = line.find(':');
        if (colon == std::string::npos) throw std::runtime_error("not a header line: " + line);
        response.headers[Poco::toLower(line.substr(0, colon))] = Poco::trim(line.substr(colon + 1));
    }
    if (head || response.status == 204 || response.status == 304 || response.status < 200)
        return response;
    const std::string length = response.header("Content-Length");
    if (!length.empty()) {
        response.body =
            readExactly(static_cast<std::size_t>(Poco::NumberParser::parseUnsigned64(length)));
    } else {
        while (fill()) {
        }
        response.body.swap(buffer_);
    }
    return response;
}

RawResponse RawClient::exchange(const std::string& request, bool head) {
    send(request);
    return read(head);
}

bool RawClient::closedByServer() {
    if (!buffer_.empty()) return false;
    try {
        return !fill();
    } catch (const Poco::Net::NetException&) {
        return true;  // reset: closed as well
    }
}

std::string httpRequest(const std::string& method, const std::string& target,
                        const std::string& body, const std::vector<std::string>& headers) {
    std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const std::string& header : headers) text += header + "\r\n";
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
        text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    return text + "\r\n" + body;
}

void CapturingChannel::log(const Poco::Message& message) {
    std::lock_guard<std::mutex> lock(mutex_);
    messages_.push_back(message.getText());
}

std::vector<std::string> CapturingChannel::messages() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return messages_;
}

}  // namespace rotunda::test
