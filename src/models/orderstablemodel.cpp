#include "orderstablemodel.h"

#include <algorithm>
#include <chrono>
#include <limits>

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
    OrdersTableModel::PendingRole, OrdersTableModel::ChangedAtRole, OrdersTableModel::DriverIdRole,
    OrdersTableModel::SecondsLeftRole, OrdersTableModel::RiskRole, OrdersTableModel::AtRiskRole };

//! What moves with the clock in the time-left column (tick()); not SortRole.
const QList<int> kTickRoles { Qt::DisplayRole, Qt::ForegroundRole, Qt::FontRole, Qt::ToolTipRole,
    Qt::AccessibleTextRole, OrdersTableModel::SecondsLeftRole, OrdersTableModel::RiskRole,
    OrdersTableModel::AtRiskRole, OrdersTableModel::LateRole };

//! The amber of "at risk" (the status colour of orders on the road).
QColor atRiskColor()
{
    return QColor(0xc2, 0x7c, 0x0e);
}

} // namespace

OrdersTableModel::OrdersTableModel(QueryClient *client, QueryKey key, QObject *parent)
    : TypedRowDiffModel<Order>(client, true, parent) // the server bumps a version on every change
    , m_localNow([] { return QDateTime::currentDateTimeUtc(); })
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
    // Only the roles that depend on the clock read it.
    const auto isLate = [this](const Order &order) { return isLateAt(order, serverNow()); };
    const auto risk = [this, &o] { return riskAt(o, serverNow(), m_atRiskMinutes); };
    switch (role) {
    case IdRole:
        return o.id;
    case RegionRole:
        return o.region;
    case LateRole:
        return isLate(o);
    case SecondsLeftRole:
        if (isFinal(o.status) || !o.dueAt.isValid())
            return {};
        return serverNow().secsTo(o.dueAt);
    case RiskRole:
        return int(risk());
    case AtRiskRole:
        return risk() == Risk::AtRisk;
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
        if ((column == DueColumn || column == LeftColumn) && isLate(o)) {
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
        if (column == LeftColumn) {
            switch (risk()) {
            case Risk::Late:
                return QBrush(statusColor(OrderStatus::Failed));
            case Risk::AtRisk:
                return QBrush(atRiskColor());
            case Risk::None:
                return {};
            }
        }
        if (column == EtaColumn && !isFinal(o.status) && minutesLateByEta(o) > 0)
            return QBrush(atRiskColor()); // predicted late
        return {};
    case Qt::TextAlignmentRole:
        if (column == AmountColumn || column == AgeColumn || column == LeftColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::AccessibleTextRole:
        // What only the colour and weight say on screen: a due time that has passed.
        if (column == DueColumn && isLate(o))
            return tr("%1 (late)").arg(rowCell(row, column, Qt::DisplayRole).toString());
        if (column == LeftColumn && !isFinal(o.status) && o.dueAt.isValid()) {
            const qint64 left = serverNow().secsTo(o.dueAt);
            if (left < 0)
                return leftText(left);
            return risk() == Risk::AtRisk ? tr("%1 left, at risk").arg(leftText(left))
                                          : tr("%1 left").arg(leftText(left));
        }
        if (column == EtaColumn)
            return etaDescription(o);
        return rowCell(row, column, Qt::DisplayRole);
    case Qt::AccessibleDescriptionRole:
        return rowCell(row, column, Qt::ToolTipRole);
    case Qt::ToolTipRole:
        if (pending && column == StatusColumn)
            return tr("%1: waiting for the server to confirm this change").arg(o.id);
        if (column == DueColumn && isLate(o))
            return tr("%1 is late: it was due at %2")
                .arg(o.id, QLocale().toString(o.dueAt.toLocalTime(), QLocale::ShortFormat));
        if (column == LeftColumn && !isFinal(o.status) && o.dueAt.isValid()) {
            const QString due = QLocale().toString(o.dueAt.toLocalTime(), QLocale::ShortFormat);
            switch (risk()) {
            case Risk::Late:
                return tr("%1 is late: it was due at %2").arg(o.id, due);
            case Risk::AtRisk:
                return minutesLateByEta(o) > 0
                    ? tr("%1 is at risk: its ETA is after its due time %2").arg(o.id, due)
                    : tr("%1 is at risk: due at %2, within %3 min")
                          .arg(o.id, due)
                          .arg(m_atRiskMinutes);
            case Risk::None:
                return tr("%1 is due at %2").arg(o.id, due);
            }
        }
        if (column == EtaColumn)
            return etaDescription(o);
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
        return localTimeText(o.dueAt);
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
    case LeftColumn:
        if (isFinal(o.status) || !o.dueAt.isValid())
            return sort ? QVariant(std::numeric_limits<qint64>::max()) : QVariant(QString());
        // The due time orders the rows as time left does, and does not move with the clock.
        return sort ? QVariant(o.dueAt.toMSecsSinceEpoch())
                    : QVariant(leftText(serverNow().secsTo(o.dueAt)));
    case EtaColumn:
        if (sort)
            return o.hasEta() && !isFinal(o.status) ? o.etaAt.toMSecsSinceEpoch()
                                                    : std::numeric_limits<qint64>::max();
        return isFinal(o.status) ? QString() : etaText(o);
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
    case LeftColumn:
        return tr("Left");
    case EtaColumn:
        return tr("ETA");
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

void OrdersTableModel::setLocalClock(std::function<QDateTime()> now)
{
    m_localNow = now ? std::move(now) : [] { return QDateTime::currentDateTimeUtc(); };
}

void OrdersTableModel::setServerClock(qint64 offsetMs, int atRiskMinutes)
{
    atRiskMinutes = std::max(0, atRiskMinutes);
    if (offsetMs == m_serverOffsetMs && atRiskMinutes == m_atRiskMinutes)
        return;
    m_serverOffsetMs = offsetMs;
    m_atRiskMinutes = atRiskMinutes;
    tick();
    Q_EMIT serverClockChanged();
}

QDateTime OrdersTableModel::serverNow() const
{
    return m_localNow().toUTC().addMSecs(m_serverOffsetMs);
}

void OrdersTableModel::tick()
{
    if (rowCount() == 0)
        return;
    Q_EMIT dataChanged(index(0, LeftColumn), index(rowCount() - 1, LeftColumn), kTickRoles);
}

bool OrdersTableModel::isLateAt(const Order &order, const QDateTime &now)
{
    return !isFinal(order.status) && order.dueAt.isValid() && order.dueAt < now;
}

bool OrdersTableModel::isAtRiskAt(const Order &order, const QDateTime &now, int atRiskMinutes)
{
    if (isFinal(order.status) || !order.dueAt.isValid() || order.dueAt < now)
        return false;
    return order.dueAt < now.addSecs(qint64(atRiskMinutes) * 60)
        || (order.hasEta() && order.etaAt > order.dueAt);
}

OrdersTableModel::Risk OrdersTableModel::riskAt(
    const Order &order, const QDateTime &now, int atRiskMinutes)
{
    if (isLateAt(order, now))
        return Risk::Late;
    return isAtRiskAt(order, now, atRiskMinutes) ? Risk::AtRisk : Risk::None;
}

QString OrdersTableModel::leftText(qint64 seconds)
{
    const qint64 s = seconds < 0 ? -seconds : seconds;
    QString text;
    if (s < 60)
        text = tr("%1 s").arg(s);
    else if (s < 3600)
        text = tr("%1 min").arg(s / 60);
    else if (s < 86400)
        text = tr("%1 h %2 min").arg(s / 3600).arg((s % 3600) / 60, 2, 10, QChar(u'0'));
    else
        text = tr("%1 d").arg(s / 86400);
    return seconds < 0 ? tr("%1 late").arg(text) : text;
}

qint64 OrdersTableModel::minutesLateByEta(const Order &order)
{
    if (!order.hasEta() || !order.dueAt.isValid())
        return 0;
    const qint64 seconds = order.dueAt.secsTo(order.etaAt);
    return seconds > 0 ? (seconds + 59) / 60 : 0;
}

QString OrdersTableModel::localTimeText(const QDateTime &utc) const
{
    // Today's times alone; others also by date so "07:00" is never ambiguous.
    const QDateTime local = utc.toLocalTime();
    return local.date() == m_localNow().toLocalTime().date()
        ? QLocale().toString(local.time(), u"HH:mm"_s)
        : QLocale().toString(local, u"ddd d MMM HH:mm"_s);
}

QString OrdersTableModel::etaText(const Order &order) const
{
    if (!order.hasEta())
        return {};
    QString text = localTimeText(order.etaAt);
    if (order.etaEstimate)
        text = tr("≈ %1").arg(text);
    if (const qint64 late = minutesLateByEta(order); late > 0)
        text = tr("%1 (+%2 min)").arg(text).arg(late);
    return text;
}

QString OrdersTableModel::etaDescription(const Order &order) const
{
    if (isFinal(order.status))
        return {};
    if (!order.hasEta())
        return order.driverId.isEmpty() ? tr("No ETA: %1 has no driver").arg(order.id)
                                        : tr("No ETA for %1 yet").arg(order.id);
    const QString at = QLocale().toString(order.etaAt.toLocalTime(), QLocale::ShortFormat);
    const qint64 late = minutesLateByEta(order);
    QString text = late > 0
        ? tr("%1 arrives at %2, %3 min after its due time").arg(order.id, at).arg(late)
        : tr("%1 arrives at %2, in time").arg(order.id, at);
    if (order.etaEstimate)
        text = tr("%1 — an estimate (straight-line distance; no routing service)").arg(text);
    return text;
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
