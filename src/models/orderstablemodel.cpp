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

const QList<int> kChangedRoles { Qt::DisplayRole, Qt::ForegroundRole, Qt::FontRole, Qt::ToolTipRole,
    OrdersTableModel::SortRole, OrdersTableModel::StatusRole, OrdersTableModel::VersionRole,
    OrdersTableModel::OrderRole, OrdersTableModel::RegionRole, OrdersTableModel::LateRole,
    OrdersTableModel::PendingRole, OrdersTableModel::ChangedAtRole,
    OrdersTableModel::DriverIdRole };

bool isLate(const Order &o)
{
    return !isFinal(o.status) && o.dueAt.isValid() && o.dueAt < QDateTime::currentDateTimeUtc();
}

} // namespace

OrdersTableModel::OrdersTableModel(QueryClient *client, QueryKey key, QObject *parent)
    : TypedRowDiffModel<Order>(client, true, parent) // the server bumps a version on every change
{
    setKey(std::move(key));
}

OrdersTableModel::~OrdersTableModel() = default;

int OrdersTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::optional<Order> OrdersTableModel::decode(const QJsonObject &json, QString *error) const
{
    return Order::fromJson(json, error);
}

QList<int> OrdersTableModel::changedRoles() const
{
    return kChangedRoles;
}

QVariant OrdersTableModel::rowCell(int row, int column, int role) const
{
    const Order &o = orders().at(row);
    const bool pending = isPending(row);
    switch (role) {
    case IdRole:
        return o.id;
    case RegionRole:
        return o.region;
    case LateRole:
        return isLate(o);
    case PendingRole:
        return pending;
    case ChangedAtRole:
        return changedAt(row);
    case DriverIdRole:
        return o.driverId;
    case Qt::FontRole:
        if (pending && column == StatusColumn) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        if (column == DueColumn && isLate(o)) {
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
        if (column == StatusColumn)
            return QBrush(statusColor(o.status));
        if (column == DueColumn && isLate(o))
            return QBrush(statusColor(OrderStatus::Failed)); // late: the alarm colour
        return {};
    case Qt::TextAlignmentRole:
        if (column == AmountColumn || column == AgeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::AccessibleTextRole:
        // What only the colour and weight say on screen: a due time that has passed.
        if (column == DueColumn && isLate(o))
            return tr("%1 (late)").arg(rowCell(row, column, Qt::DisplayRole).toString());
        return rowCell(row, column, Qt::DisplayRole);
    case Qt::AccessibleDescriptionRole:
        return rowCell(row, column, Qt::ToolTipRole);
    case Qt::ToolTipRole:
        if (pending && column == StatusColumn)
            return tr("%1: waiting for the server to confirm this change").arg(o.id);
        if (column == DueColumn && isLate(o))
            return tr("%1 is late: it was due at %2")
                .arg(o.id, QLocale().toString(o.dueAt.toLocalTime(), QLocale::ShortFormat));
        if (column == DriverColumn)
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
    switch (column) {
    case IdColumn:
        return o.id;
    case CustomerColumn:
        return o.customer;
    case RegionColumn:
        return o.region;
    case StatusColumn:
        if (sort)
            return int(o.status);
        return pending ? tr("%1 (pending)").arg(statusLabel(o.status)) : statusLabel(o.status);
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
        && !isFinal(orders().at(index.row()).status))
        f |= Qt::ItemIsEditable;
    return f;
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
    for (const Order &o : orders())
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
    for (const Order &o : orders()) {
        if (!o.driverId.isEmpty() && names.value(o.driverId) != m_driverNames.value(o.driverId)) {
            visible = true;
            break;
        }
    }
    m_driverNames = names;
    if (visible && !orders().isEmpty())
        Q_EMIT dataChanged(index(0, DriverColumn), index(int(orders().size()) - 1, DriverColumn),
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

void OrdersTableModel::applySnapshot(const QList<Order> &orders, const QSet<QString> &pending)
{
    QJsonArray rows;
    for (const Order &o : orders)
        rows.append(o.toJson());
    RowDiffModel::applySnapshot(rows, pending);
}

} // namespace Ops
