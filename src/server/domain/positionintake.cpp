#include "positionintake.h"

#include "core/logging.h"
#include "driverservice.h"
#include "server/store/store.h"

using namespace Qt::StringLiterals;

namespace Ops {

PositionIntake::PositionIntake(Store &store)
    : m_store(store)
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{ }

void PositionIntake::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

QString PositionIntake::sourceName(Source source)
{
    return source == Source::OsmAnd ? u"osmand"_s : u"driver_api"_s;
}

void PositionIntake::countRejection(ReportRejection reason)
{
    ++m_rejections[std::size_t(reason)];
}

PositionIntake::Result PositionIntake::refuse(
    ReportRejection reason, ErrorKind kind, const QString &message)
{
    countRejection(reason);
    Result result;
    result.reason = reason;
    const bool ignored = reason == ReportRejection::Stale || reason == ReportRejection::InvalidFix;
    result.outcome = ignored ? Outcome::Ignored : Outcome::Rejected;
    result.error = Error { ignored ? ErrorKind::None : kind, message };
    qCDebug(lcServerHttp) << "position report" << reportRejectionName(reason) << message;
    return result;
}

PositionIntake::Result PositionIntake::submitOsmAnd(
    QByteArrayView query, QByteArrayView body, QByteArrayView contentType, const Gate &gate)
{
    const ReportParse<OsmAndReport> parsed = OsmAnd::parse(query, body, contentType);
    if (!parsed.report)
        return refuse(parsed.reason, ErrorKind::BadRequest, parsed.message);
    return report(*parsed.report, gate);
}

PositionIntake::Result PositionIntake::report(const OsmAndReport &report, const Gate &gate)
{
    const QByteArray keyHash = DriverService::keyHash(report.deviceKey);
    const auto owner = m_store.drivers().findDevice(keyHash);
    if (!owner) {
        const Error why = m_store.notFoundError(u"no device has this key"_s);
        if (why.kind != ErrorKind::NotFound) {
            Result result;
            result.error = why;
            return result;
        }
        return refuse(ReportRejection::UnknownDevice, ErrorKind::NotFound,
            u"no device is registered with this id; register the device and use its key"_s);
    }
    return apply(owner->driverId, owner->deviceId, keyHash, report.position, Source::OsmAnd, gate);
}

PositionIntake::Result PositionIntake::reportForDriver(
    const QString &driverId, const PositionReport &position, const Gate &gate)
{
    return apply(driverId, {}, {}, position, Source::DriverApi, gate);
}

PositionIntake::Result PositionIntake::apply(const QString &driverId, const QString &deviceId,
    const QByteArray &keySha256, const PositionReport &position, Source source, const Gate &gate)
{
    const QDateTime now = m_clock();
    if (position.at > now.addSecs(std::chrono::seconds(MaxClockSkew).count())) {
        return refuse(ReportRejection::Future, ErrorKind::BadRequest,
            u"the fix time %1 is more than %2 min ahead of the server's clock"_s
                .arg(position.at.toString(Qt::ISODate))
                .arg(MaxClockSkew.count()));
    }
    if (!position.valid)
        return refuse(ReportRejection::InvalidFix, ErrorKind::BadRequest,
            u"the device marks this fix as not valid; ignored"_s);
    if (gate) {
        if (const Error e = gate(deviceId.isEmpty() ? driverId : deviceId); !e.ok()) {
            if (e.kind == ErrorKind::RateLimited)
                return refuse(ReportRejection::RateLimitedDevice, e.kind, e.message);
            Result result;
            result.error = e;
            return result;
        }
    }
    // Decided under the write lock, from the driver as it is: so two reports of one driver
    // can never be applied out of order, whichever arrives first.
    std::optional<ReportRejection> refused;
    const QString sourceName = PositionIntake::sourceName(source);
    const StoreWrite<Driver> write = m_store.drivers().update(
        driverId, std::nullopt, sourceName,
        [&](const Driver &current, Driver &next) -> Error {
            if (!keySha256.isEmpty() && !current.deviceByKeyHash(keySha256)) {
                refused = ReportRejection::UnknownDevice; // revoked meanwhile
                return Error { ErrorKind::NotFound, u"no device is registered with this id"_s };
            }
            if (!current.active) {
                refused = ReportRejection::InactiveDriver;
                return Error { ErrorKind::Forbidden,
                    u"driver %1 is deactivated; its devices do not report"_s.arg(driverId) };
            }
            if (current.hasPosition() && position.at <= current.positionAt) {
                refused = ReportRejection::Stale;
                return Error { ErrorKind::BadRequest,
                    u"not newer than the driver's newest position (%1); ignored"_s.arg(
                        current.positionAt.toString(Qt::ISODateWithMs)) };
            }
            next.lat = position.lat;
            next.lon = position.lon;
            next.positionAt = position.at;
            next.positionSource = sourceName;
            next.positionDevice = deviceId;
            next.battery = position.battery;
            next.speedKmh = position.speedKmh;
            next.bearing = position.bearing;
            next.accuracyM = position.accuracyM;
            next.lastSeenAt = std::max(now, current.lastSeenAt);
            // A driver whose phone reports is online.
            if (next.status == DriverStatus::Offline)
                next.status = DriverStatus::Idle;
            return {};
        },
        // A position is superseded by the next one seconds later: its commit does not wait for
        // the disk (a power cut may lose the last ones; see Sql::Durability), which is what
        // lets one server take a fleet's reports.
        Sql::Durability::Relaxed);
    if (!write.ok()) {
        if (refused)
            return refuse(*refused, write.error.kind, write.error.message);
        Result result; // NotFound driver (a user's driverId without a row), storage
        result.error = write.error;
        return result;
    }
    ++m_accepted[std::size_t(source)];
    Result result;
    result.outcome = Outcome::Accepted;
    result.driver = write.item;
    result.event = write.event;
    return result;
}

} // namespace Ops
