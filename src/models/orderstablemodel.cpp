#include "orderstablemodel.h"

#include <algorithm>
#include <chrono>

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QJsonArray>
#include <QLocale>

#include "core/logging.h"
#include "query/queryclient.h"
#include "query/queryobserver.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QColor statusColor(OrderStatus status)
{
    switch (status) {
    case OrderStatus::New:
        return QColor(0x1f, 0x6f, 0xd1);
    case OrderStatus::Assigned:
        return QColor(0x7a, 0x4c, 0xc2);
    case OrderStatus::PickedUp:
    case OrderStatus::InTransit:
        return QColor(0xc2, 0x7c, 0x0e);
    case OrderStatus::Delivered:
        return QColor(0x1a, 0x8a, 0x3a);
    case OrderStatus::Cancelled:
        return QColor(0x6b, 0x6b, 0x6b);
    case OrderStatus::Failed:
        return QColor(0xc6, 0x28, 0x28);
    }
    return {};
}

//! Columns whose value differs between two versions of one order.
QList<int> changedColumns(const Order &a, const Order &b)
{
    QList<int> cols;
    if (a.customer != b.customer)
        cols.append(OrdersTableModel::CustomerColumn);
    if (a.region != b.region)
        cols.append(OrdersTableModel::RegionColumn);
    if (a.status != b.status)
        cols.append(OrdersTableModel::StatusColumn);
    if (a.pickup != b.pickup)
        cols.append(OrdersTableModel::PickupColumn);
    if (a.dropoff != b.dropoff)
        cols.append(OrdersTableModel::DropoffColumn);
    if (a.dueAt != b.dueAt)
        cols.append(OrdersTableModel::DueColumn);
    if (a.amountCents != b.amountCents)
        cols.append(OrdersTableModel::AmountColumn);
    if (a.updatedAt != b.updatedAt) {
        cols.append(OrdersTableModel::UpdatedColumn);
        cols.append(OrdersTableModel::AgeColumn);
    }
    if (a.driverId != b.driverId)
        cols.append(OrdersTableModel::DriverColumn);
    return cols;
}

const QList<int> kChangedRoles { Qt::DisplayRole, Qt::ForegroundRole, Qt::FontRole, Qt::ToolTipRole,
    OrdersTableModel::SortRole, OrdersTableModel::StatusRole, OrdersTableModel::VersionRole,
    OrdersTableModel::OrderRole, OrdersTableModel::RegionRole, OrdersTableModel::LateRole,
    OrdersTableModel::PendingRole, OrdersTableModel::ChangedAtRole,
    OrdersTableModel::DriverIdRole };

bool isLate(const Order &o)
{
    return !isFinal(o.status) && o.dueAt.isValid() && o.dueAt < QDateTime::currentDateTimeUtc();
}

//! The client-only marker OrderActions puts on an optimistic row.
bool pendingMarker(const QJsonObject &row)
{
    return row.value("_pending"_L1).toBool();
}

} // namespace

OrdersTableModel::OrdersTableModel(QueryClient *client, QueryKey key, QObject *parent)
    : QAbstractTableModel(parent)
    , m_key(std::move(key))
{
    if (client) {
        QueryOptions options;
        options.key = m_key;
        m_observer = std::make_unique<QueryObserver>(client, options);
        connect(m_observer.get(), &QueryObserver::resultChanged, this,
            &OrdersTableModel::onQueryChanged);
        onQueryChanged();
    }
}

OrdersTableModel::~OrdersTableModel() = default;

int OrdersTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OrdersTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrdersTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Order &o = m_rows.at(index.row());
    const RowState &state = m_state.at(index.row());
    switch (role) {
    case IdRole:
        return o.id;
    case RegionRole:
        return o.region;
    case LateRole:
        return isLate(o);
    case PendingRole:
        return state.pending;
    case ChangedAtRole:
        return state.changedAt;
    case DriverIdRole:
        return o.driverId;
    case Qt::FontRole:
        if (state.pending && index.column() == StatusColumn) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        if (index.column() == DueColumn && isLate(o)) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case StatusRole:
        return toString(o.status);
    case VersionRole:
        return o.version;
    case OrderRole:
        return QVariant::fromValue(o);
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn)
            return QBrush(statusColor(o.status));
        if (index.column() == DueColumn && isLate(o))
            return QBrush(statusColor(OrderStatus::Failed)); // late: the alarm colour
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == AmountColumn || index.column() == AgeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::AccessibleTextRole:
        // What only the colour and weight say on screen: a due time that has passed.
        if (index.column() == DueColumn && isLate(o))
            return tr("%1 (late)").arg(data(index, Qt::DisplayRole).toString());
        return data(index, Qt::DisplayRole);
    case Qt::AccessibleDescriptionRole:
        return data(index, Qt::ToolTipRole);
    case Qt::ToolTipRole:
        if (state.pending && index.column() == StatusColumn)
            return tr("%1: waiting for the server to confirm this change").arg(o.id);
        if (index.column() == DueColumn && isLate(o))
            return tr("%1 is late: it was due at %2")
                .arg(o.id, QLocale().toString(o.dueAt.toLocalTime(), QLocale::ShortFormat));
        if (index.column() == DriverColumn)
            return o.driverId.isEmpty()
                ? tr("%1 has no driver").arg(o.id)
                : tr("%1 is with %2 (%3)").arg(o.id, driverLabel(o.driverId), o.driverId);
        return tr("%1 · version %2 · updated %3")
            .arg(o.id)
            .arg(o.version)
            .arg(QLocale().toString(o.updatedAt.toLocalTime(), QLocale::ShortFormat));
    case SortRole:
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    const bool sort = role == SortRole;
    switch (index.column()) {
    case IdColumn:
        return o.id;
    case CustomerColumn:
        return o.customer;
    case RegionColumn:
        return o.region;
    case StatusColumn:
        if (sort)
            return int(o.status);
        return state.pending ? tr("%1 (pending)").arg(statusLabel(o.status))
                             : statusLabel(o.status);
    case PickupColumn:
        return o.pickup;
    case DropoffColumn:
        return o.dropoff;
    case DueColumn: {
        if (sort)
            return o.dueAt;
        const QDateTime due = o.dueAt.toLocalTime();
        // Today's orders by time alone; others also by date so "07:00" is never ambiguous.
        return due.date() == QDate::currentDate() ? QLocale().toString(due.time(), u"HH:mm"_s)
                                                  : QLocale().toString(due, u"ddd d MMM HH:mm"_s);
    }
    case AmountColumn:
        return sort ? QVariant(o.amountCents)
                    : QVariant(QLocale().toCurrencyString(double(o.amountCents) / 100.0));
    case UpdatedColumn:
        return sort ? QVariant(o.updatedAt)
                    : QVariant(QLocale().toString(o.updatedAt.toLocalTime().time(), u"HH:mm:ss"_s));
    case AgeColumn:
        // Relative to now: the view repaints the column once a second (no dataChanged per tick).
        return sort ? QVariant(o.updatedAt)
                    : QVariant(ageText(
                        std::max<qint64>(0, o.updatedAt.secsTo(QDateTime::currentDateTimeUtc()))));
    case DriverColumn:
        return sort ? QVariant(driverLabel(o.driverId).toCaseFolded())
                    : QVariant(driverLabel(o.driverId));
    default:
        return {};
    }
}

QVariant OrdersTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Order");
    case CustomerColumn:
        return tr("Customer");
    case RegionColumn:
        return tr("Region");
    case StatusColumn:
        return tr("Status");
    case PickupColumn:
        return tr("Pick-up");
    case DropoffColumn:
        return tr("Drop-off");
    case DueColumn:
        return tr("Due");
    case AmountColumn:
        return tr("Amount");
    case UpdatedColumn:
        return tr("Updated");
    case AgeColumn:
        return tr("Age");
    case DriverColumn:
        return tr("Driver");
    default:
        return {};
    }
}

Qt::ItemFlags OrdersTableModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == StatusColumn
        && !isFinal(m_rows.at(index.row()).status))
        f |= Qt::ItemIsEditable;
    return f;
}

qint64 OrdersTableModel::steadyNowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

QString OrdersTableModel::statusLabel(OrderStatus status)
{
    switch (status) {
    case OrderStatus::New:
        return tr("New");
    case OrderStatus::Assigned:
        return tr("Assigned");
    case OrderStatus::PickedUp:
        return tr("Picked up");
    case OrderStatus::InTransit:
        return tr("In transit");
    case OrderStatus::Delivered:
        return tr("Delivered");
    case OrderStatus::Cancelled:
        return tr("Cancelled");
    case OrderStatus::Failed:
        return tr("Failed");
    }
    return {};
}

QString OrdersTableModel::statusLabel(const QString &status)
{
    const auto known = orderStatusFromString(status);
    return known ? statusLabel(*known) : status;
}

QString OrdersTableModel::ageText(qint64 seconds)
{
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min").arg(seconds / 60);
    if (seconds < 86400)
        return tr("%1 h").arg(seconds / 3600);
    return tr("%1 d").arg(seconds / 86400);
}

QStringList OrdersTableModel::regions() const
{
    QSet<QString> seen;
    for (const Order &o : m_rows)
        seen.insert(o.region);
    QStringList list(seen.begin(), seen.end());
    list.sort();
    return list;
}

QString OrdersTableModel::driverLabel(const QString &driverId) const
{
    if (driverId.isEmpty())
        return {};
    const auto it = m_driverNames.constFind(driverId);
    return it != m_driverNames.cend() && !it->isEmpty() ? *it : driverId;
}

void OrdersTableModel::setDriverNames(const QHash<QString, QString> &names)
{
    if (names == m_driverNames)
        return;
    bool visible = false;
    for (const Order &o : std::as_const(m_rows)) {
        if (!o.driverId.isEmpty() && names.value(o.driverId) != m_driverNames.value(o.driverId)) {
            visible = true;
            break;
        }
    }
    m_driverNames = names;
    if (visible && !m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, DriverColumn), index(int(m_rows.size()) - 1, DriverColumn),
            { Qt::DisplayRole, Qt::ToolTipRole, SortRole });
}

QHash<int, QByteArray> OrdersTableModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(IdRole, "orderId");
    names.insert(StatusRole, "status");
    names.insert(VersionRole, "version");
    names.insert(DriverIdRole, "driverId");
    return names;
}

void OrdersTableModel::onQueryChanged()
{
    const QueryChangeSet &changes = m_observer->changes();
    if (m_synced && changes.isRowDiff()) {
        // The cache already diffed the new value against the one this model shows: apply the
        // rows it names and parse nothing else (a 10k-row refetch with one change = one row).
        if (changes.isEmpty())
            return;
        QList<Order> upserts;
        QSet<QString> pending;
        QList<int> removedRows;
        bool parsed = true;
        for (const QueryChangeSet::Row &row : changes.rows()) {
            if (row.kind == QueryChangeSet::Kind::Removed) {
                if (const int r = rowOf(row.id); r >= 0)
                    removedRows.append(r);
                continue;
            }
            QString error;
            auto order = Order::fromJson(row.value, &error);
            if (!order) {
                parsed = false;
                break;
            }
            if (pendingMarker(row.value))
                pending.insert(order->id);
            upserts.append(std::move(*order));
        }
        if (parsed) {
            std::sort(removedRows.begin(), removedRows.end());
            applyRows(removedRows, upserts, pending);
            return;
        }
    }
    const QJsonValue data = m_observer->result().data;
    if (!data.isArray())
        return; // pending, or an error with no data: keep what is shown
    QList<Order> orders;
    QSet<QString> pending;
    const QJsonArray array = data.toArray();
    orders.reserve(array.size());
    for (const QJsonValue &row : array) {
        QString error;
        const QJsonObject object = row.toObject();
        auto order = Order::fromJson(object, &error);
        if (!order) {
            qCWarning(lcModels) << "rejecting snapshot of" << m_key.toString() << ":" << error;
            m_synced = false;
            Q_EMIT snapshotRejected(error);
            return;
        }
        if (pendingMarker(object))
            pending.insert(order->id);
        orders.append(std::move(*order));
    }
    applySnapshot(orders, pending);
}

void OrdersTableModel::rebuildIndex(int fromRow)
{
    for (int row = fromRow; row < m_rows.size(); ++row)
        m_index.insert(m_rows.at(row).id, row);
}

void OrdersTableModel::applySnapshot(const QList<Order> &orders, const QSet<QString> &pending)
{
    QHash<QString, qsizetype> incoming;
    incoming.reserve(orders.size());
    for (qsizetype i = 0; i < orders.size(); ++i)
        incoming.insert(orders.at(i).id, i);

    QList<int> removed;
    for (int row = 0; row < m_rows.size(); ++row) {
        if (!incoming.contains(m_rows.at(row).id))
            removed.append(row);
    }
    applyRows(removed, orders, pending);
}

void OrdersTableModel::applyRows(
    const QList<int> &removed, const QList<Order> &orders, const QSet<QString> &pending)
{
    // The first fill is not a change anybody needs pointed out; later ones are.
    const qint64 now = m_rows.isEmpty() && !m_synced ? 0 : steadyNowMs();
    m_synced = true;
    // 1. Removals (ascending row numbers): contiguous ranges, highest first, so earlier row
    //    numbers stay valid.
    if (!removed.isEmpty()) {
        for (qsizetype i = removed.size() - 1; i >= 0;) {
            const int last = removed.at(i);
            int first = last;
            while (i > 0 && removed.at(i - 1) == first - 1)
                first = removed.at(--i);
            --i;
            beginRemoveRows({}, first, last);
            for (int row = last; row >= first; --row)
                m_index.remove(m_rows.at(row).id);
            m_rows.remove(first, last - first + 1);
            m_state.remove(first, last - first + 1);
            endRemoveRows();
        }
        m_index.clear();
        rebuildIndex();
    }

    // 2. Changes in place.
    struct Change
    {
        int row;
        int firstColumn;
        int lastColumn;
    };
    QList<Change> changes;
    QList<qsizetype> added;
    for (qsizetype i = 0; i < orders.size(); ++i) {
        const Order &next = orders.at(i);
        const int row = m_index.value(next.id, -1);
        if (row < 0) {
            added.append(i);
            continue;
        }
        Order &current = m_rows[row];
        RowState &state = m_state[row];
        const bool nextPending = pending.contains(next.id);
        if (current == next && state.pending == nextPending)
            continue;
        QList<int> cols = changedColumns(current, next);
        if (state.pending != nextPending)
            cols.append(StatusColumn);
        current = next;
        state.pending = nextPending;
        if (now) {
            state.changedAt = now;
            m_lastChangeAt = now;
        }
        if (cols.isEmpty()) {
            changes.append({ row, IdColumn, IdColumn }); // version-only change
        } else {
            changes.append({ row, *std::min_element(cols.begin(), cols.end()),
                *std::max_element(cols.begin(), cols.end()) });
        }
    }
    if (changes.size() * 2 > m_rows.size() && m_rows.size() > 1) {
        Q_EMIT dataChanged(
            index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1), kChangedRoles);
    } else {
        for (const Change &c : std::as_const(changes))
            Q_EMIT dataChanged(
                index(c.row, c.firstColumn), index(c.row, c.lastColumn), kChangedRoles);
    }

    // 3. Insertions: one block at the end (the view's proxy decides the visible order).
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (qsizetype i : std::as_const(added)) {
            m_rows.append(orders.at(i));
            m_state.append({ now, pending.contains(orders.at(i).id) });
        }
        if (now)
            m_lastChangeAt = now;
        rebuildIndex(first);
        endInsertRows();
    }
    qCDebug(lcModels) << m_key.toString() << "removed" << removed.size() << "changed"
                      << changes.size() << "added" << added.size();
}

} // namespace Ops
