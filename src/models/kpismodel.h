#pragma once

#include <memory>
#include <optional>

#include <QAbstractListModel>
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
    //! Applies an answer directly (what the observer does).
    void applySnapshot(const QJsonObject &kpis);

    [[nodiscard]] static QString fieldOf(Kpi kpi);
    [[nodiscard]] static QString labelOf(Kpi kpi);

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
};

} // namespace Ops
