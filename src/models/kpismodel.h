#pragma once

#include <memory>
#include <optional>

#include <QAbstractListModel>
#include <QDateTime>
#include <QJsonObject>

#include "query/querykey.h"

namespace Ops {

class QueryClient;
class QueryObserver;

//! \brief The KPI figures of `["kpis"]` (GET /api/kpis), one row per tile.
//!
//! The rows are fixed (Kpi); a new answer emits dataChanged for exactly the rows whose value
//! changed. "Drivers online" is counted from the cached `["drivers"]` list whenever that list is
//! there: it is patched by every `driver.updated` event, so the tile follows a driver going
//! offline at once instead of waiting for the next order event to refetch `["kpis"]` (driver
//! events do not invalidate the KPIs: they come many times a second).
//!
//! It also keeps the server's clock as the app knows it: the answer's `asOf` minus when the
//! answer arrived (the query's dataUpdatedAt) is the offset of the server's clock from the local
//! one, and `atRiskMinutes` the server's threshold for "at risk" (serverClockChanged()).
class KpisModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KpisModel)

public:
    enum Kpi {
        OpenOrders,
        InTransit,
        DeliveredToday,
        Late,
        AtRisk, //!< open, not late, due within atRiskMinutes or predicted late
        DriversOnline,
        OnTimePercent,
        PaymentsToday,
        KpiCount
    };
    Q_ENUM(Kpi)

    enum Role {
        LabelRole = Qt::UserRole, //!< the tile's caption
        ValueRole, //!< the raw number (double for on-time %, invalid when unknown)
        WarningRole, //!< bool: the figure needs attention (late orders, low on-time %)
        KeyRole, //!< the JSON field name
    };
    Q_ENUM(Role)

    explicit KpisModel(QueryClient *client, QObject *parent = nullptr);
    ~KpisModel() override;

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(
        const QModelIndex &index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

    [[nodiscard]] bool hasData() const { return m_hasData; }
    //! Applies an answer directly (what the observer does); \a receivedAtMs: when it arrived
    //! on the local clock (ms since the epoch; 0 = now).
    void applySnapshot(const QJsonObject &kpis, qint64 receivedAtMs = 0);

    //! The server's clock minus the local one, from the last answer with `asOf` (0 before).
    [[nodiscard]] qint64 serverOffsetMs() const { return m_serverOffsetMs; }
    //! The server's threshold for "at risk" (15 from servers that do not say).
    [[nodiscard]] int atRiskMinutes() const { return m_atRiskMinutes; }
    //! The server's clock when it answered; invalid from older servers.
    [[nodiscard]] QDateTime asOf() const { return m_asOf; }
    //! Offsets closer than this to the last one are the network's jitter, not news.
    static constexpr qint64 kOffsetJitterMs = 500;

    [[nodiscard]] static QString fieldOf(Kpi kpi);
    [[nodiscard]] static QString labelOf(Kpi kpi);

Q_SIGNALS:
    //! serverOffsetMs() moved by more than kOffsetJitterMs, or atRiskMinutes() changed.
    void serverClockChanged(qint64 offsetMs, int atRiskMinutes);

private:
    void onQueryChanged();
    void onDriversChanged();
    [[nodiscard]] QVariant valueOf(Kpi kpi) const;
    [[nodiscard]] QString textOf(Kpi kpi) const;

    std::unique_ptr<QueryObserver> m_observer;
    std::unique_ptr<QueryObserver> m_drivers;
    std::optional<qint64> m_driversOnline; //!< from the drivers list, when it is cached
    QJsonObject m_values;
    bool m_hasData = false;
    QDateTime m_asOf;
    qint64 m_serverOffsetMs = 0;
    int m_atRiskMinutes = 15;
};

} // namespace Ops
