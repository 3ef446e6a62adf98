// FsDocumentStoreTest.cpp — the filesystem document store on real files in a temporary root.
#include "FsDocumentStore.h"
#include "TestSupport.h"

#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using rotunda::fsdocuments::FsDocumentStore;
using rotunda::fsdocuments::FsSettings;
using rotunda::plugin::DocumentCorrupt;
using rotunda::plugin::StoreUnavailable;

namespace {

std::string randomBytes(std::size_t size, unsigned seed) {
    std::mt19937 generator(seed);
    std::string bytes(size, '\0');
    for (char& c : bytes) c = static_cast<char>(generator() & 0xff);
    return bytes;
}

std::string readAll(std::istream& in) {
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// A stream that yields `good` bytes and then fails, like a dropped upload.
class BrokenStreamBuf : public std::streambuf {
public:
    explicit BrokenStreamBuf(std::string good) : good_(std::move(good)) {
        setg(good_.data(), good_.data(), good_.data() + good_.size());
    }

protected:
    int_type underflow() override { throw std::runtime_error("connection reset by peer"); }

private:
    std::string good_;
};

std::size_t filesUnder(const fs::path& root) {
    std::size_t count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root))
        if (entry.is_regular_file()) ++count;
    return count;
}

}  // namespace

class FsDocumentStoreTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(FsDocumentStoreTest);
    CPPUNIT_TEST(testBinaryDocumentsRoundTrip);
    CPPUNIT_TEST(testKeysAreGeneratedShardedAndNeverUserPaths);
    CPPUNIT_TEST(testBrokenUploadLeavesNothingBehind);
    CPPUNIT_TEST(testOversizeIsRefusedAndLeavesNothing);
    CPPUNIT_TEST(testCorruptionOnDiskIsDetectedOnRead);
    CPPUNIT_TEST(testReadOnlyRootIsUnavailable);
    CPPUNIT_TEST(testMissingRootIsUnhealthy);
    CPPUNIT_TEST(testConcurrentUploadsGetDistinctKeys);
    CPPUNIT_TEST(testRemoveIsIdempotent);
    CPPUNIT_TEST(testLeftoversFromACrashAreRemoved);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        char pattern[] = "/tmp/rotunda-fsdocs-XXXXXX";
        root_ = ::mkdtemp(pattern);
    }

    void tearDown() override {
        ::chmod(root_.c_str(), 0700);
        std::error_code ignored;
        fs::remove_all(root_, ignored);
    }

    void testBinaryDocumentsRoundTrip() {
        FsDocumentStore store(settings());
        for (const std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{50} * 1024 * 1024}) {
            const std::string bytes = randomBytes(size, static_cast<unsigned>(size));
            std::istringstream in(bytes);
            const std::string key = store.put(in, {"application/octet-stream", 0});
            auto out = store.get(key);
            CPPUNIT_ASSERT_MESSAGE("size " + std::to_string(size), readAll(*out) == bytes);
        }
    }

    void testKeysAreGeneratedShardedAndNeverUserPaths() {
        FsDocumentStore store(settings());
        std::istringstream in("x");
        const std::string key = store.put(in, {});
        CPPUNIT_ASSERT(rotunda::fsdocuments::isValidKey(key));
        CPPUNIT_ASSERT_EQUAL(fs::path(root_) / key.substr(0, 2) / key.substr(2, 2) / key, store.pathOf(key));
        CPPUNIT_ASSERT(fs::exists(store.pathOf(key)));
        for (const std::string& bad : std::vector<std::string>{"../../etc/passwd", std::string("abc\0def", 7), "", key + "/..",
                                      "ABCDEF0123456789ABCDEF0123456789"})
            CPPUNIT_ASSERT_THROW(store.get(bad), std::out_of_range);
        CPPUNIT_ASSERT_NO_THROW(store.remove("../../etc/passwd"));
    }

    void testBrokenUploadLeavesNothingBehind() {
        FsDocumentStore store(settings());
        BrokenStreamBuf broken(randomBytes(200 * 1024, 7));
        std::istream in(&broken);
        CPPUNIT_ASSERT_THROW(store.put(in, {}), std::runtime_error);
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, filesUnder(root_));
    }

    void testOversizeIsRefusedAndLeavesNothing() {
        FsSettings limited = settings();
        limited.maxBytes = 1000;
        FsDocumentStore store(limited);
        std::istringstream in(std::string(1001, 'a'));
        CPPUNIT_ASSERT_THROW(store.put(in, {}), std::length_error);
        CPPUNIT_ASSERT_THROW(store.put(in, {"text/plain", 5000}), std::length_error);
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, filesUnder(root_));
        std::istringstream exact(std::string(1000, 'a'));
        CPPUNIT_ASSERT_NO_THROW(store.put(exact, {}));
    }

    void testCorruptionOnDiskIsDetectedOnRead() {
        FsDocumentStore store(settings());
        std::istringstream in(randomBytes(10000, 3));
        const std::string key = store.put(in, {});
        {
            std::fstream file(store.pathOf(key), std::ios::in | std::ios::out | std::ios::binary);
            file.seekp(5000);
            file.put('\x42');
        }
        try {
            store.get(key);
            CPPUNIT_FAIL("a damaged document was served");
        } catch (const DocumentCorrupt& e) {
            CPPUNIT_ASSERT(std::string(e.what()).find("failed its SHA-256 check") != std::string::npos);
        }
        fs::remove(store.pathOf(key).string() + ".sha256");
        CPPUNIT_ASSERT_THROW(store.get(key), DocumentCorrupt);  // a missing checksum is no proof of integrity
    }

    void testReadOnlyRootIsUnavailable() {
        if (::geteuid() == 0) {
            // root ignores permissions: make the root unusable by replacing it with a file.
            FsDocumentStore store(settings());
            fs::remove_all(root_);
            std::ofstream(root_) << "not a directory";
            std::istringstream in("x");
            CPPUNIT_ASSERT_THROW(store.put(in, {}), StoreUnavailable);
            CPPUNIT_ASSERT(!store.health().ok);
            fs::remove(root_);
            fs::create_directory(root_);
            CPPUNIT_ASSERT(store.health().ok);  // recovers when the share is back
            return;
        }
        FsDocumentStore store(settings());
        ::chmod((root_ + "/.incoming").c_str(), 0500);
        std::istringstream in("x");
        CPPUNIT_ASSERT_THROW(store.put(in, {}), StoreUnavailable);
        CPPUNIT_ASSERT(!store.health().ok);
        ::chmod((root_ + "/.incoming").c_str(), 0700);
        CPPUNIT_ASSERT(store.health().ok);
    }

    void testMissingRootIsUnhealthy() {
        FsSettings missing = settings();
        missing.root = root_ + "/unmounted/share";
        FsDocumentStore store(missing);
        fs::remove_all(root_ + "/unmounted");
        const auto state = store.health();
        CPPUNIT_ASSERT(!state.ok);
        CPPUNIT_ASSERT(state.reason.find("does not exist") != std::string::npos);
        CPPUNIT_ASSERT_THROW(store.get("0123456789abcdef0123456789abcdef"), StoreUnavailable);
    }

    void testConcurrentUploadsGetDistinctKeys() {
        FsDocumentStore store(settings());
        std::vector<std::future<std::pair<std::string, std::string>>> uploads;
        for (unsigned i = 0; i < 16; ++i) {
            uploads.push_back(std::async(std::launch::async, [&store, i] {
                const std::string bytes = randomBytes(100000 + i, i);
                std::istringstream in(bytes);
                return std::make_pair(store.put(in, {}), bytes);
            }));
        }
        std::set<std::string> keys;
        for (auto& upload : uploads) {
            const auto [key, bytes] = upload.get();
            keys.insert(key);
            CPPUNIT_ASSERT(readAll(*store.get(key)) == bytes);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t{16}, keys.size());
    }

    void testRemoveIsIdempotent() {
        FsDocumentStore store(settings());
        std::istringstream in("bytes");
        const std::string key = store.put(in, {});
        store.remove(key);
        CPPUNIT_ASSERT_THROW(store.get(key), std::out_of_range);
        CPPUNIT_ASSERT_NO_THROW(store.remove(key));
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, filesUnder(root_));
    }

    void testLeftoversFromACrashAreRemoved() {
        FsDocumentStore store(settings());
        std::ofstream(root_ + "/.incoming/0123456789abcdef0123456789abcdef.part") << "half a document";
        CPPUNIT_ASSERT_EQUAL(1, store.removeLeftovers());
        CPPUNIT_ASSERT_EQUAL(std::size_t{0}, filesUnder(root_));
    }

private:
    FsSettings settings() const {
        FsSettings settings;
        settings.root = root_;
        settings.shardDepth = 2;
        return settings;
    }

    std::string root_;
};

ROTUNDA_TEST_SUITE(FsDocumentStoreTest);
