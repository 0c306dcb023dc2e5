#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <optional>

#include <QByteArrayView>
#include <QDateTime>

#include "core/error.h"
#include "positionreport.h"
#include "protocol/driver.h"
#include "server/store/storelisting.h"

namespace Ops {

class Store;
struct DeviceOwner;

//! \brief Where positions come in: the OsmAnd protocol (phones with Traccar Client, trackers,
//! and the demo simulator, which reports through it like a phone) and a driver's own API. One
//! rule set for all of them, applied under the write lock in one versioned write of the
//! driver: the position, its source and readings, `lastSeenAt` (the server's time), an
//! offline driver coming online (idle), a breadcrumb, one `driver.updated` event.
//!
//! Not applied, and counted by reason (rejectionCount()): a device no driver has registered,
//! a deactivated driver, a fix time more than MaxClockSkew ahead of the server's clock, a
//! report the device marks invalid, and a fix time not newer than the driver's newest
//! position (never applied out of order: ignored). A report that is not applied leaves the
//! database as it was.
//!
//! An applied report is committed with Sql::Durability::Relaxed: the answer does not wait for
//! the disk, so a power cut (not a crash of the server) may lose the last second or so of
//! positions, never anything else.
class PositionIntake
{
public:
    //! \brief What became of one report.
    enum class Outcome {
        Accepted,
        Ignored, //!< not applied, and not the sender's fault to repeat (stale, invalid fix)
        Rejected, //!< not applied: `error` says why (its kind gives the HTTP status)
    };

    //! \brief The answer to one report.
    struct Result
    {
        Outcome outcome = Outcome::Rejected;
        std::optional<ReportRejection> reason; //!< unless Accepted
        Error error; //!< Rejected: the refusal; Ignored: kind None and why in `message`
        std::optional<Driver> driver; //!< Accepted: the driver as written
        std::optional<ChangeEvent> event; //!< Accepted: its event
    };

    //! \brief Where a position came from: `positionSource` on the wire.
    enum class Source {
        OsmAnd, //!< "osmand"
        DriverApi, //!< "driver_api"
    };

    //! How far ahead of the server's clock a fix time may be (clocks of phones drift).
    static constexpr std::chrono::minutes MaxClockSkew { 10 };

    using Clock = std::function<QDateTime()>;
    //! Asked once the reporting device (or driver) is known, before anything is written; an
    //! error refuses the report (the rate limits of the HTTP edge: RateLimited).
    using Gate = std::function<Error(const QString &deviceOrDriverId)>;

    explicit PositionIntake(Store &store);

    //! The server's clock (the current UTC time unless a test sets another).
    void setClock(Clock clock);

    //! An OsmAnd request as it arrived (see OsmAnd::parse()): parsed, then report().
    [[nodiscard]] Result submitOsmAnd(QByteArrayView query, QByteArrayView body,
        QByteArrayView contentType, const Gate &gate = {});
    //! One OsmAnd report: its key names the device (NotFound when no driver has it
    //! registered); \a gate is asked with the device id.
    [[nodiscard]] Result report(const OsmAndReport &report, const Gate &gate = {});
    //! A position driver \a driverId reports itself (`POST /api/me/position`); \a gate is
    //! asked with the driver id.
    [[nodiscard]] Result reportForDriver(
        const QString &driverId, const PositionReport &position, const Gate &gate = {});

    //! Counts a report refused before it reached the intake (the HTTP edge's rate limit).
    void countRejection(ReportRejection reason);
    [[nodiscard]] qint64 rejectionCount(ReportRejection reason) const
    {
        return m_rejections.at(std::size_t(reason));
    }
    [[nodiscard]] qint64 acceptedCount(Source source) const
    {
        return m_accepted.at(std::size_t(source));
    }
    [[nodiscard]] static QString sourceName(Source source);

private:
    [[nodiscard]] Result apply(const QString &driverId, const QString &deviceId,
        const QByteArray &keySha256, const PositionReport &position, Source source,
        const Gate &gate);
    Result refuse(ReportRejection reason, ErrorKind kind, const QString &message);

    Store &m_store;
    Clock m_clock;
    std::array<qint64, ReportRejectionCount> m_rejections {};
    std::array<qint64, 2> m_accepted {};
};

} // namespace Ops
