// CapacityWindowRepository.h — how many students a service takes at once, and when.
#pragma once

#include "store/Database.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace rotunda::store {

/// Capacity of one service over a date range.
struct CapacityWindow {
    std::string id;
    std::string serviceId;
    std::string startDate;  ///< YYYY-MM-DD
    std::string endDate;    ///< YYYY-MM-DD, not before startDate
    int capacity = 1;
    int booked = 0;         ///< counted by rotations
    std::string workflow;   ///< coordinator_scheduled, student_requested
    std::string schoolId;   ///< coordinator_scheduled: the school; else empty
    std::string applicationDeadline;                       ///< student_requested, optional
    std::vector<std::pair<std::string, int>> schoolLimits;  ///< student_requested: school → most students
    std::string createdAt;
    std::string updatedAt;
};

class CapacityWindowRepository {
public:
    explicit CapacityWindowRepository(Database& database) : database_(database) {}

    /// Stores a new window (new id, nothing booked) with its school limits.
    CapacityWindow create(CapacityWindow window);
    std::optional<CapacityWindow> findById(const std::string& id);
    /// A service's windows by start date.
    std::vector<CapacityWindow> listForService(const std::string& serviceId);
    /// Writes every field of the window in one conditional statement that refuses
    /// a capacity below what is booked; false when refused (or no such window).
    bool update(const CapacityWindow& window);
    /// The ids of the service's other windows sharing a day with [start, end].
    std::vector<std::string> overlapping(const std::string& serviceId, const std::string& start,
                                         const std::string& end, const std::string& exceptId);
    /// Deletes a window nobody is booked on; false otherwise.
    bool removeUnbooked(const std::string& id);

private:
    void loadLimits(CapacityWindow& window);

    Database& database_;
};

}  // namespace rotunda::store
