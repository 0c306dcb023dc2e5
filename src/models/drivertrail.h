#pragma once

#include <memory>

#include <QList>
#include <QObject>
#include <QString>

#include "protocol/trailpoint.h"

namespace Ops {

class QueryClient;
class QueryObserver;

//! \brief One driver's breadcrumbs (`["drivers", <id>, "trail"]`, oldest first), for the map to
//! draw behind the selected driver.
//!
//! Read through the QueryClient like every other query: cached, deduplicated, and kept live by
//! the event map (a `driver.updated` of that driver invalidates `["drivers", <id>]`, the trail's
//! prefix, so a new position refetches it — with ETag, mostly a 304). Points that fail
//! validation are left out and counted in skipped().
class DriverTrail final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriverTrail)

public:
    explicit DriverTrail(QueryClient *client, QObject *parent = nullptr);
    ~DriverTrail() override;

    //! Follows \a driverId's trail (empty: none; the points are cleared at once).
    void setDriverId(const QString &driverId);
    [[nodiscard]] QString driverId() const { return m_driverId; }
    [[nodiscard]] const QList<TrailPoint> &points() const { return m_points; }
    //! The server cut older points (its retention or the limit).
    [[nodiscard]] bool isTruncated() const { return m_truncated; }
    [[nodiscard]] int skipped() const { return m_skipped; }

Q_SIGNALS:
    void changed();

private:
    void onResult();

    QueryClient *m_client;
    std::unique_ptr<QueryObserver> m_observer;
    QString m_driverId;
    QList<TrailPoint> m_points;
    bool m_truncated = false;
    int m_skipped = 0;
};

} // namespace Ops
