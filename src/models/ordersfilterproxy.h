#pragma once

#include <optional>

#include <QSet>
#include <QSortFilterProxyModel>

#include "protocol/order.h"

namespace Ops {

[[nodiscard]] inline size_t qHash(OrderStatus status, size_t seed = 0) noexcept
{
    return ::qHash(int(status), seed);
}

//! \brief What the dispatcher filters the orders table by: one value type, so a saved view is
//! just this plus a sort column and order.
struct OrdersFilter
{
    QSet<OrderStatus> statuses; //!< empty = every status
    QString region; //!< empty = every region
    //! nullopt = any driver; an empty id = orders without a driver; else that driver's orders
    std::optional<QString> driver;
    bool lateOnly = false;
    //! case-insensitive substring of id, customer, region, pick-up, drop-off or driver name
    QString search;
    //! Added later: at the end, so positional initialisers of the fields above stay valid. With
    //! lateOnly: both kinds (late or at risk); alone: at-risk orders only (the server's
    //! predicate, OrdersTableModel::isAtRiskAt).
    bool atRiskOnly = false;

    friend bool operator==(const OrdersFilter &, const OrdersFilter &) = default;
};

//! \brief Filters and sorts an OrdersTableModel without ever touching (or resetting) it.
//!
//! Filter changes re-run the row filter (invalidateRowsFilter), never the source model. Sorting
//! uses OrdersTableModel::SortRole. Stays dynamic: a row whose status changes leaves or enters the
//! view as the source emits dataChanged.
class OrdersFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrdersFilterProxy)

public:
    explicit OrdersFilterProxy(QObject *parent = nullptr);
    ~OrdersFilterProxy() override;

    [[nodiscard]] const OrdersFilter &filter() const { return m_filter; }
    void setFilter(const OrdersFilter &filter);
    void setStatuses(const QSet<OrderStatus> &statuses);
    void setRegion(const QString &region);
    void setDriver(const std::optional<QString> &driverId);
    void setLateOnly(bool lateOnly);
    void setAtRiskOnly(bool atRiskOnly);
    void setSearch(const QString &text);
    //! Also follows the source's server clock (OrdersTableModel::serverClockChanged).
    void setSourceModel(QAbstractItemModel *sourceModel) override;
    //! Re-evaluates filters that depend on the clock ("late only", "at risk"); cheap when none
    //! is set.
    void refreshTimeDependent();

Q_SIGNALS:
    void filterChanged();

protected:
    [[nodiscard]] bool filterAcceptsRow(
        int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void apply(const OrdersFilter &next);

    OrdersFilter m_filter;
};

} // namespace Ops
