#include "ordersfilterproxy.h"

#include "orderstablemodel.h"

namespace Ops {

OrdersFilterProxy::OrdersFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(OrdersTableModel::SortRole);
    setDynamicSortFilter(true);
}

OrdersFilterProxy::~OrdersFilterProxy() = default;

void OrdersFilterProxy::setSourceModel(QAbstractItemModel *sourceModel)
{
    if (auto *old = qobject_cast<OrdersTableModel *>(this->sourceModel()))
        disconnect(old, &OrdersTableModel::serverClockChanged, this, nullptr);
    QSortFilterProxyModel::setSourceModel(sourceModel);
    if (auto *orders = qobject_cast<OrdersTableModel *>(sourceModel))
        connect(orders, &OrdersTableModel::serverClockChanged, this,
            &OrdersFilterProxy::refreshTimeDependent);
}

void OrdersFilterProxy::setFilter(const OrdersFilter &filter)
{
    apply(filter);
}

void OrdersFilterProxy::setStatuses(const QSet<OrderStatus> &statuses)
{
    OrdersFilter next = m_filter;
    next.statuses = statuses;
    apply(next);
}

void OrdersFilterProxy::setRegion(const QString &region)
{
    OrdersFilter next = m_filter;
    next.region = region;
    apply(next);
}

void OrdersFilterProxy::setDriver(const std::optional<QString> &driverId)
{
    OrdersFilter next = m_filter;
    next.driver = driverId;
    apply(next);
}

void OrdersFilterProxy::setLateOnly(bool lateOnly)
{
    OrdersFilter next = m_filter;
    next.lateOnly = lateOnly;
    apply(next);
}

void OrdersFilterProxy::setAtRiskOnly(bool atRiskOnly)
{
    OrdersFilter next = m_filter;
    next.atRiskOnly = atRiskOnly;
    apply(next);
}

void OrdersFilterProxy::setSearch(const QString &text)
{
    OrdersFilter next = m_filter;
    next.search = text.trimmed();
    apply(next);
}

void OrdersFilterProxy::refreshTimeDependent()
{
    if (m_filter.lateOnly || m_filter.atRiskOnly)
        invalidateRowsFilter();
}

void OrdersFilterProxy::apply(const OrdersFilter &next)
{
    if (next == m_filter)
        return;
    m_filter = next;
    invalidateRowsFilter();
    Q_EMIT filterChanged();
}

bool OrdersFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *orders = qobject_cast<const OrdersTableModel *>(sourceModel());
    if (!orders || sourceParent.isValid())
        return true;
    const Order &o = orders->orders().at(sourceRow);
    if (!m_filter.statuses.isEmpty() && !m_filter.statuses.contains(o.status))
        return false;
    if (!m_filter.region.isEmpty() && o.region != m_filter.region)
        return false;
    if (m_filter.driver && o.driverId != *m_filter.driver)
        return false;
    if (m_filter.lateOnly || m_filter.atRiskOnly) {
        const auto risk = OrdersTableModel::riskAt(o, orders->serverNow(), orders->atRiskMinutes());
        const bool wanted = (m_filter.lateOnly && risk == OrdersTableModel::Risk::Late)
            || (m_filter.atRiskOnly && risk == OrdersTableModel::Risk::AtRisk);
        if (!wanted)
            return false;
    }
    if (!m_filter.search.isEmpty()) {
        const QString &s = m_filter.search;
        if (!o.id.contains(s, Qt::CaseInsensitive) && !o.customer.contains(s, Qt::CaseInsensitive)
            && !o.region.contains(s, Qt::CaseInsensitive)
            && !o.pickup.contains(s, Qt::CaseInsensitive)
            && !o.dropoff.contains(s, Qt::CaseInsensitive)
            && !orders->driverLabel(o.driverId).contains(s, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace Ops
