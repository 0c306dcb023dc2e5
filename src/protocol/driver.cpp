#include "driver.h"

#include <array>

#include "jsonfields.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

struct StatusName
{
    DriverStatus status;
    QStringView name;
};

constexpr std::array kStatusNames {
    StatusName { DriverStatus::Offline, u"offline" },
    StatusName { DriverStatus::Idle, u"idle" },
    StatusName { DriverStatus::EnRoute, u"en_route" },
    StatusName { DriverStatus::OnBreak, u"on_break" },
};

} // namespace

QString toString(DriverStatus status)
{
    for (const auto &entry : kStatusNames) {
        if (entry.status == status)
            return entry.name.toString();
    }
    Q_UNREACHABLE();
    return {};
}

std::optional<DriverStatus> driverStatusFromString(QStringView text)
{
    for (const auto &entry : kStatusNames) {
        if (entry.name == text)
            return entry.status;
    }
    return std::nullopt;
}

QJsonObject Driver::liveFields() const
{
    return QJsonObject {
        { "status"_L1, toString(status) },
        { "lat"_L1, lat },
        { "lon"_L1, lon },
        { "lastSeenAt"_L1, JsonFields::isoTime(lastSeenAt) },
    };
}

QJsonObject Driver::toJson() const
{
    QJsonObject json = liveFields();
    json.insert("id"_L1, id);
    json.insert("name"_L1, name);
    json.insert("region"_L1, region);
    json.insert("version"_L1, version);
    return json;
}

std::optional<Driver> Driver::fromJson(const QJsonObject &json, QString *error)
{
    QString scratch;
    if (!error)
        error = &scratch;
    using namespace JsonFields;
    Driver d;
    QString status;
    if (!readString(json, "id"_L1, &d.id, error) || !readString(json, "name"_L1, &d.name, error)
        || !readString(json, "region"_L1, &d.region, error)
        || !readString(json, "status"_L1, &status, error)
        || !readDouble(json, "lat"_L1, &d.lat, error) || !readDouble(json, "lon"_L1, &d.lon, error)
        || !readTime(json, "lastSeenAt"_L1, &d.lastSeenAt, error)
        || !readInteger(json, "version"_L1, &d.version, error))
        return std::nullopt;
    const auto parsed = driverStatusFromString(status);
    if (!parsed) {
        *error = u"unknown driver status '%1'"_s.arg(status.left(64));
        return std::nullopt;
    }
    if (d.lat < -90 || d.lat > 90 || d.lon < -180 || d.lon > 180) {
        *error = u"driver position out of range"_s;
        return std::nullopt;
    }
    d.status = *parsed;
    return d;
}

} // namespace Ops
