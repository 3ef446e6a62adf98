// Logging.cpp — the server's log set-up and safe display of configuration values.
#include "app/Logging.h"

#include "app/BatchingChannel.h"
#include "app/Settings.h"

#include <Poco/AutoPtr.h>
#include <Poco/ConsoleChannel.h>
#include <Poco/FileChannel.h>
#include <Poco/Logger.h>
#include <Poco/Message.h>
#include <Poco/PatternFormatter.h>
#include <Poco/String.h>

namespace rotunda::app {

void configureLogging(const Poco::Util::AbstractConfiguration& config) {
    const std::string level = readChoice(config, "log.level", "information",
                                         {"fatal", "critical", "error", "warning", "notice",
                                          "information", "debug", "trace"});
    const std::string file = readString(config, "log.file", "");
    const std::string pattern =
        readString(config, "log.format", "%Y-%m-%dT%H:%M:%S.%iZ %p %s: %t");

    Poco::AutoPtr<Poco::Channel> sink;
    if (file.empty()) {
        sink = new Poco::ConsoleChannel;
    } else {
        Poco::AutoPtr<Poco::FileChannel> fileChannel(new Poco::FileChannel(file));
        fileChannel->setProperty("rotation", "daily");
        fileChannel->setProperty("archive", "timestamp");
        fileChannel->setProperty("purgeCount", "14");
        sink = fileChannel;
    }
    Poco::AutoPtr<Poco::PatternFormatter> formatter(new Poco::PatternFormatter(pattern));
    formatter->setProperty("times", "UTC");
    // Request threads hand messages over in batches; a writer thread formats them and
    // writes each batch at once. Warnings and worse are written without waiting.
    Poco::AutoPtr<BatchingChannel> channel(new BatchingChannel(formatter, sink, 50));
    // Every logger that exists already (created before the configuration was read)
    // switches to the configured channel too.
    Poco::Logger::setChannel("", channel);
    Poco::Logger::setLevel("", Poco::Logger::parseLevel(level));
    // The access log costs a line per request; a site whose proxy logs requests may turn it off.
    if (!readBool(config, "log.access", true)) Poco::Logger::get("http.access").setLevel(Poco::Message::PRIO_WARNING);
}

bool isSecretKey(const std::string& key) {
    const std::string::size_type dot = key.rfind('.');
    const std::string last = Poco::toLower(dot == std::string::npos ? key : key.substr(dot + 1));
    for (const char* word : {"password", "secret", "token", "key", "credential", "connect"})
        if (last.find(word) != std::string::npos) return true;
    return false;
}

std::string displayValue(const std::string& key, const std::string& value) {
    return isSecretKey(key) && !value.empty() ? "********" : value;
}

}  // namespace rotunda::app
