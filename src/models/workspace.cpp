#include "workspace.h"

#include <algorithm>

#include "keys/querykeys.h"

using namespace Qt::StringLiterals;

namespace Ops {

Workspace::Workspace(QueryClient *queries, WorkspaceTiming timing, QObject *parent)
    : QObject(parent)
    , m_queries(queries)
    , m_orders(queries, QueryKeys::orders())
    , m_drivers(queries)
    , m_clock(timing.tick)
    , m_regionsChanged(
          Coalescer::Mode::Debounce, timing.coalesce, [this] { Q_EMIT regionsChanged(); })
    // Names change rarely but the drivers list changes with every position report: look at most
    // once per interval (a throttle, so a steady stream cannot postpone it).
    , m_driversChanged(Coalescer::Mode::Throttle, timing.coalesce, [this] { onDriversChanged(); })
{
    connect(&m_orders, &QAbstractItemModel::rowsInserted, &m_regionsChanged, &Coalescer::trigger);
    connect(&m_drivers, &QAbstractItemModel::rowsInserted, &m_driversChanged, &Coalescer::trigger);
    connect(&m_drivers, &QAbstractItemModel::rowsRemoved, &m_driversChanged, &Coalescer::trigger);
    connect(&m_drivers, &QAbstractItemModel::modelReset, &m_driversChanged, &Coalescer::trigger);
    // Only a change that may touch a name: not the clock's ticks of presence and "last seen".
    connect(&m_drivers, &QAbstractItemModel::dataChanged, &m_driversChanged,
        [this](const QModelIndex &topLeft) {
            if (topLeft.column() <= DriversTableModel::NameColumn)
                m_driversChanged.trigger();
        });
    // A driver who went quiet turns "not responding" on every panel.
    connect(&m_clock, &ModelClock::ticked, &m_drivers, [this] { m_drivers.tick(); });
    // The orders' countdown moves on: one dataChanged over the time-left column, no refetch.
    connect(&m_clock, &ModelClock::ticked, &m_orders, &OrdersTableModel::tick);
    onDriversChanged();
}

Workspace::~Workspace() = default;

QList<DriverChoice> Workspace::driverChoices() const
{
    QList<DriverChoice> choices;
    const QHash<QString, QString> &names = m_orders.driverNames();
    choices.reserve(names.size());
    for (auto it = names.cbegin(); it != names.cend(); ++it)
        choices.append({ it.value().isEmpty() ? it.key() : it.value(), it.key() });
    std::sort(choices.begin(), choices.end(), [](const DriverChoice &a, const DriverChoice &b) {
        const int byName = QString::localeAwareCompare(a.label, b.label);
        return byName != 0 ? byName < 0 : a.id < b.id;
    });
    return choices;
}

void Workspace::onDriversChanged()
{
    QHash<QString, QString> names;
    names.reserve(m_drivers.rowCount());
    for (const QJsonObject &row : m_drivers.rows())
        names.insert(row.value("id"_L1).toString(), row.value("name"_L1).toString());
    m_orders.setDriverNames(names);
    Q_EMIT driversChanged();
}

} // namespace Ops
