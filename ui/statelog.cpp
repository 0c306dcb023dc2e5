#include "statelog.h"

#include <algorithm>

#include <QAbstractItemView>
#include <QAbstractProxyModel>
#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QTableView>

#include "activitypanel.h"
#include "alertspanel.h"
#include "connectionbadge.h"
#include "core/logging.h"
#include "driverspanel.h"
#include "kpipanel.h"
#include "mainwindow.h"
#include "mappanel.h"
#include "mapview.h"
#include "models/jsonrowsmodel.h"
#include "models/kpitimelinemodel.h"
#include "models/orderstablemodel.h"
#include "orderdetailpanel.h"
#include "orderspanel.h"
#include "query/queryclient.h"
#include "sync/orderactions.h"
#include "sync/session.h"
#include "windowmanager.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QJsonValue isoOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

QJsonObject panelState(bool live, const QDateTime &asOf, int rows, const QString &digest = {})
{
    QJsonObject panel { { "live"_L1, live }, { "asOf"_L1, live ? QJsonValue() : isoOrNull(asOf) },
        { "rows"_L1, rows } };
    if (!digest.isEmpty())
        panel.insert("digest"_L1, digest);
    return panel;
}

QJsonObject dashState(const DashPanel *panel, int rows, const QString &digest = {})
{
    return panelState(panel->isLive(), panel->asOf(), rows, digest);
}

const QAbstractItemModel *shownModel(const QWidget *panel)
{
    const auto *view = panel->findChild<QAbstractItemView *>();
    return view ? view->model() : nullptr;
}

} // namespace

StateLog::StateLog(Session *session, WindowManager *windows, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_windows(windows)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &StateLog::write);
    connect(session, &Session::freshnessChanged, this, &StateLog::schedule);
    connect(session->connection(), &ConnectionManager::stateChanged, this, &StateLog::schedule);
    connect(session->queries(), &QueryClient::queryUpdated, this, &StateLog::schedule);
    connect(session->actions(), &OrderActions::pendingChanged, this, &StateLog::schedule);
    connect(windows, &WindowManager::windowOpened, this, &StateLog::watch);
    for (MainWindow *window : windows->windows())
        watch(window);
}

StateLog::~StateLog()
{
    if (m_file.isOpen() && m_timer.isActive())
        write();
}

bool StateLog::open(const QString &path, QString *error)
{
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text)) {
        if (error)
            *error = u"cannot write %1: %2"_s.arg(path, m_file.errorString());
        return false;
    }
    schedule();
    return true;
}

void StateLog::watch(MainWindow *window)
{
    // What a window tells also changes without a query update: the badge counting down is not
    // logged (its state is), but a panel that was just added or removed is.
    connect(window, &QObject::destroyed, this, &StateLog::schedule);
    connect(window->badge(), &ConnectionBadge::stateChanged, this, &StateLog::schedule);
    for (QAbstractItemView *view : window->findChildren<QAbstractItemView *>()) {
        if (QAbstractItemModel *model = view->model()) {
            connect(model, &QAbstractItemModel::rowsInserted, this, &StateLog::schedule);
            connect(model, &QAbstractItemModel::rowsRemoved, this, &StateLog::schedule);
            connect(model, &QAbstractItemModel::modelReset, this, &StateLog::schedule);
            connect(model, &QAbstractItemModel::dataChanged, this, &StateLog::schedule);
        }
    }
    schedule();
}

void StateLog::schedule()
{
    if (!m_file.isOpen() || m_timer.isActive())
        return;
    const qint64 since = m_sinceWrite.isValid() ? m_sinceWrite.elapsed() : m_gap.count();
    m_timer.start(int(std::max<qint64>(0, m_gap.count() - since)));
}

QString StateLog::digestOf(QList<std::pair<QString, qint64>> rows)
{
    std::sort(rows.begin(), rows.end());
    QCryptographicHash hash(QCryptographicHash::Sha1);
    for (const auto &[id, version] : rows)
        hash.addData(u"%1:%2\n"_s.arg(id).arg(version).toUtf8());
    return QString::fromLatin1(hash.result().toHex().left(16));
}

QString StateLog::digestOf(const QAbstractItemModel *shown)
{
    if (!shown)
        return {};
    QList<std::pair<QString, qint64>> rows;
    rows.reserve(shown->rowCount());
    for (int row = 0; row < shown->rowCount(); ++row) {
        QModelIndex index = shown->index(row, 0);
        while (const auto *proxy = qobject_cast<const QAbstractProxyModel *>(index.model()))
            index = proxy->mapToSource(index);
        if (const auto *orders = qobject_cast<const OrdersTableModel *>(index.model())) {
            const Order &o = orders->orders().at(index.row());
            rows.append({ o.id, o.version });
        } else if (const auto *json = qobject_cast<const JsonRowsModel *>(index.model())) {
            const QJsonObject &r = json->rowAt(index.row());
            rows.append({ json->idAt(index.row()), r.value("version"_L1).toInteger() });
        } else {
            return {};
        }
    }
    return digestOf(std::move(rows));
}

QJsonObject StateLog::snapshot() const
{
    const QMetaEnum states = QMetaEnum::fromType<ConnectionManager::State>();
    QJsonArray windows;
    for (MainWindow *w : m_windows->windows()) {
        QJsonObject panels;
        if (OrdersPanel *orders = w->ordersPanel()) {
            panels.insert("orders"_L1,
                panelState(orders->isLive(), orders->asOf(), orders->proxy()->rowCount(),
                    digestOf(orders->proxy())));
        }
        if (AlertsPanel *alerts = w->alertsPanel()) {
            const QAbstractItemModel *shown = alerts->view()->model();
            panels.insert("alerts"_L1, dashState(alerts, shown->rowCount(), digestOf(shown)));
        }
        if (DriversPanel *drivers = w->driversPanel()) {
            const QAbstractItemModel *shown = shownModel(drivers);
            panels.insert(
                "drivers"_L1, dashState(drivers, shown ? shown->rowCount() : 0, digestOf(shown)));
        }
        if (ActivityPanel *activity = w->activityPanel()) {
            const QAbstractItemModel *shown = shownModel(activity);
            panels.insert("activity"_L1, dashState(activity, shown ? shown->rowCount() : 0));
        }
        if (KpiPanel *kpis = w->kpiPanel())
            panels.insert("kpis"_L1, dashState(kpis, kpis->timelineModel()->rowCount()));
        if (OrderDetailPanel *detail = w->detailPanel())
            panels.insert("detail"_L1, dashState(detail, detail->orderId().isEmpty() ? 0 : 1));
        if (MapPanel *map = w->mapPanel())
            panels.insert("map"_L1, dashState(map, map->mapView()->markerCount()));
        windows.append(QJsonObject { { "slot"_L1, w->slot() },
            { "badge"_L1, QString::fromLatin1(states.valueToKey(int(w->badge()->state()))) },
            { "badgeText"_L1, w->badge()->text() }, { "panels"_L1, panels } });
    }
    return { { "live"_L1, m_session->isLive() },
        { "pending"_L1, m_session->actions()->pendingCount() }, { "windows"_L1, windows } };
}

void StateLog::write()
{
    if (!m_file.isOpen())
        return;
    const QJsonObject now = snapshot();
    if (now == m_last)
        return;
    m_last = now;
    QJsonObject line = now;
    line.insert("ts"_L1, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
    m_file.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
    m_file.flush();
    m_sinceWrite.start();
    ++m_lines;
}

} // namespace Ops
