// The orders panel without a server: filters, saved views, CSV export, the change highlight,
// freshness, and actions refused while the connection is not live.

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include "keys/querykeys.h"
#include "models/csvexport.h"
#include "models/orderstablemodel.h"
#include "models/workspace.h"
#include "query/queryclient.h"
#include "realtime/connectionmanager.h"
#include "sync/orderactions.h"
#include "ui/noticelabel.h"
#include "ui/ordersdelegate.h"
#include "ui/orderspanel.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

QJsonObject order(int n, const QString &status, const QString &region, int dueInMinutes,
    const QString &customer = {})
{
    // One clock reading per test run, so two samples are equal.
    static const QDateTime now = QDateTime::currentDateTimeUtc();
    return QJsonObject {
        { "id"_L1, u"ORD-%1"_s.arg(n, 5, 10, QChar(u'0')) },
        { "customer"_L1, customer.isEmpty() ? u"Customer %1"_s.arg(n) : customer },
        { "region"_L1, region },
        { "pickup"_L1, u"Depot"_s },
        { "dropoff"_L1, u"Street %1"_s.arg(n) },
        { "status"_L1, status },
        { "amountCents"_L1, 1000 + n },
        { "dueAt"_L1, now.addSecs(dueInMinutes * 60).toString(Qt::ISODateWithMs) },
        { "updatedAt"_L1, now.addSecs(-30).toString(Qt::ISODateWithMs) },
        { "version"_L1, 1 },
    };
}

QJsonObject withDriver(QJsonObject o, const QString &driverId)
{
    o.insert("driverId"_L1, driverId);
    return o;
}

//! A driver row as the server writes it: every write of a driver moves its version on, so each
//! row made here is newer than the ones before it (the drivers list compares by version).
QJsonObject driver(const QString &id, const QString &name, const QString &status = u"en_route"_s,
    const QString &region = u"north"_s)
{
    static qint64 version = 0;
    return QJsonObject { { "id"_L1, id }, { "name"_L1, name }, { "region"_L1, region },
        { "status"_L1, status }, { "lat"_L1, 51.5 }, { "lon"_L1, -0.1 },
        { "lastSeenAt"_L1, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) },
        { "version"_L1, ++version } };
}

QJsonArray sample()
{
    return {
        order(1, u"new"_s, u"north"_s, 30),
        withDriver(order(2, u"assigned"_s, u"north"_s, -10), u"DRV-002"_s), // late
        withDriver(order(3, u"in_transit"_s, u"east"_s, -5), u"DRV-001"_s), // late
        order(4, u"delivered"_s, u"east"_s, -60), // final: never late
        order(5, u"new"_s, u"south"_s, 90, u"Smith, \"Jo\" & Co"_s),
    };
}

struct Fixture
{
    Fixture()
        : actions(&queries, nullptr, &connection)
    {
        queries.setQueryData(QueryKeys::orders(), sample());
        queries.setQueryData(QueryKeys::drivers(),
            QJsonArray { driver(u"DRV-001"_s, u"Hugo Baker"_s),
                driver(u"DRV-002"_s, u"Ava Costa"_s), driver(u"DRV-003"_s, u"Liam Evans"_s) });
        // The window's models, over a cache that already holds the lists.
        workspace = std::make_unique<Workspace>(&queries);
        panel = std::make_unique<OrdersPanel>(workspace.get(), &actions);
        panel->resize(1100, 500);
        panel->show();
    }
    QueryClient queries;
    ConnectionManager connection; // never opened: not live
    OrderActions actions;
    std::unique_ptr<Workspace> workspace;
    std::unique_ptr<OrdersPanel> panel;
};

} // namespace

class tst_OrdersPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void bigTableSettings();
    void filters();
    void countdownAndEtaNextToDueAndAtRiskFilter();
    void savedView();
    void driverFilterAndColumn();
    void assignMenuOffersTheRightDrivers();
    void csvExportOfTheCurrentView();
    void changedRowIsHighlightedWithoutDataChangedStorm();
    void freshnessSaysAsOf();
    void actionsDisabledWhenNotLive();

private:
    QTemporaryDir m_settingsDir;
};

void tst_OrdersPanel::initTestCase()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"OpsboardTest"_s);
    QCoreApplication::setApplicationName(u"tst_orderspanel"_s);
}

void tst_OrdersPanel::init()
{
    QSettings().clear();
}

void tst_OrdersPanel::bigTableSettings()
{
    Fixture f;
    QTableView *view = f.panel->view();
    QCOMPARE(view->verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);
    for (int c = 0; c < OrdersTableModel::ColumnCount; ++c)
        QVERIFY(view->horizontalHeader()->sectionResizeMode(c) != QHeaderView::ResizeToContents);
    QCOMPARE(view->model(), f.panel->proxy());
    QCOMPARE(f.panel->proxy()->sourceModel(), f.panel->model());
}

void tst_OrdersPanel::filters()
{
    Fixture f;
    OrdersFilterProxy *proxy = f.panel->proxy();
    QSignalSpy reset(f.panel->model(), &QAbstractItemModel::modelAboutToBeReset);
    QCOMPARE(proxy->rowCount(), 5);
    QCOMPARE(f.panel->countLabel()->text(), u"5 orders"_s);

    QComboBox *status = f.panel->statusFilter();
    status->setCurrentIndex(status->findData(int(OrderStatus::New)));
    QCOMPARE(proxy->rowCount(), 2);
    QCOMPARE(f.panel->countLabel()->text(), u"2 of 5 orders"_s);

    QComboBox *region = f.panel->regionFilter();
    QTRY_VERIFY(region->findData(u"south"_s) > 0); // regions follow the rows
    region->setCurrentIndex(region->findData(u"south"_s));
    QCOMPARE(proxy->rowCount(), 1);
    QCOMPARE(proxy->index(0, 0).data().toString(), u"ORD-00005"_s);

    status->setCurrentIndex(0);
    region->setCurrentIndex(0);
    QTest::mouseClick(f.panel->lateOnlyCheck(), Qt::LeftButton);
    QVERIFY(f.panel->lateOnlyCheck()->isChecked());
    QCOMPARE(proxy->rowCount(), 2); // ORD-2, ORD-3; the delivered one is not late

    f.panel->lateOnlyCheck()->setChecked(false);
    QTest::keyClicks(f.panel->searchEdit(), u"smith"_s);
    QCOMPARE(proxy->rowCount(), 1);
    f.panel->clearFilters();
    QCOMPARE(proxy->rowCount(), 5);
    QCOMPARE(f.panel->searchEdit()->text(), QString());

    // A status change in the cache moves the row out of a filtered view, without a reset.
    status->setCurrentIndex(status->findData(int(OrderStatus::New)));
    QJsonArray next = sample();
    QJsonObject o = next.at(0).toObject();
    o.insert("status"_L1, u"assigned"_s);
    o.insert("version"_L1, 2);
    next.replace(0, o);
    f.queries.setQueryData(QueryKeys::orders(), next);
    QTRY_COMPARE(proxy->rowCount(), 1);
    QCOMPARE(reset.size(), 0);
}

void tst_OrdersPanel::countdownAndEtaNextToDueAndAtRiskFilter()
{
    Fixture f;
    OrdersFilterProxy *proxy = f.panel->proxy();
    const QHeaderView *header = f.panel->view()->horizontalHeader();
    const int due = header->visualIndex(OrdersTableModel::DueColumn);
    QCOMPARE(header->visualIndex(OrdersTableModel::LeftColumn), due + 1);
    QCOMPARE(header->visualIndex(OrdersTableModel::EtaColumn), due + 2);
    // Most urgent first: the longest late, then the least time left; the delivered one last.
    QCOMPARE(header->sortIndicatorSection(), int(OrdersTableModel::LeftColumn));
    QCOMPARE(proxy->index(0, 0).data().toString(), u"ORD-00002"_s);
    QCOMPARE(proxy->index(1, 0).data().toString(), u"ORD-00003"_s);
    QCOMPARE(proxy->index(4, 0).data().toString(), u"ORD-00004"_s);
    QCOMPARE(proxy->index(0, OrdersTableModel::LeftColumn).data().toString().right(4), u"late"_s);

    // ORD-1 (due in 30 min) gets an ETA 5 min after its due time: predicted late, at risk.
    QJsonArray next = sample();
    QJsonObject o = next.at(0).toObject();
    const QDateTime dueAt =
        QDateTime::fromString(o.value("dueAt"_L1).toString(), Qt::ISODateWithMs);
    o.insert("driverId"_L1, u"DRV-001"_s);
    o.insert("status"_L1, u"assigned"_s);
    o.insert("etaAt"_L1, dueAt.addSecs(300).toString(Qt::ISODateWithMs));
    o.insert("etaEstimate"_L1, false);
    o.insert("version"_L1, 2);
    next.replace(0, o);
    f.queries.setQueryData(QueryKeys::orders(), next);
    const int row = f.panel->model()->rowOf(u"ORD-00001"_s);
    QTRY_VERIFY(f.panel->model()->orders().at(row).hasEta());
    QVERIFY(f.panel->model()
                ->index(row, OrdersTableModel::EtaColumn)
                .data()
                .toString()
                .endsWith(u"(+5 min)"_s));
    QTest::mouseClick(f.panel->atRiskCheck(), Qt::LeftButton);
    QVERIFY(f.panel->atRiskCheck()->isChecked());
    QCOMPARE(proxy->rowCount(), 1);
    QCOMPARE(proxy->index(0, 0).data().toString(), u"ORD-00001"_s);
    QVERIFY(f.panel->atRiskCheck()->toolTip().contains(u"15 min"_s));
    // The server's threshold of 100 min takes ORD-5 (due in 90) in, and says so.
    f.panel->model()->setServerClock(0, 100);
    QCOMPARE(proxy->rowCount(), 2);
    QVERIFY(f.panel->atRiskCheck()->toolTip().contains(u"100 min"_s));
    // With "late only": both kinds; a saved view keeps it.
    f.panel->lateOnlyCheck()->setChecked(true);
    QCOMPARE(proxy->rowCount(), 4);
    f.panel->saveView(u"Urgent"_s);
    f.panel->clearFilters();
    QVERIFY(!f.panel->atRiskCheck()->isChecked());
    QVERIFY(f.panel->applyView(u"Urgent"_s));
    QVERIFY(f.panel->atRiskCheck()->isChecked());
    QCOMPARE(proxy->rowCount(), 4);
}

void tst_OrdersPanel::savedView()
{
    QStringList names;
    {
        Fixture f;
        QComboBox *status = f.panel->statusFilter();
        status->setCurrentIndex(status->findData(int(OrderStatus::New)));
        f.panel->view()->sortByColumn(OrdersTableModel::CustomerColumn, Qt::DescendingOrder);
        f.panel->saveView(u"New, by customer"_s);
        names = f.panel->viewNames();
    }
    QCOMPARE(names, QStringList { u"New, by customer"_s });

    Fixture f; // another panel (or a restart) sees the saved view
    QComboBox *views = f.panel->viewsCombo();
    const int index = views->findText(u"New, by customer"_s);
    QVERIFY(index > 0);
    QCOMPARE(f.panel->proxy()->rowCount(), 5);
    views->setCurrentIndex(index);
    Q_EMIT views->activated(index); // what a pick in the popup does
    QCOMPARE(f.panel->proxy()->rowCount(), 2);
    QCOMPARE(f.panel->statusFilter()->currentData().toInt(), int(OrderStatus::New));
    QCOMPARE(f.panel->view()->horizontalHeader()->sortIndicatorSection(),
        int(OrdersTableModel::CustomerColumn));
    QCOMPARE(f.panel->view()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(f.panel->proxy()->index(0, 0).data().toString(), u"ORD-00005"_s); // "Smith…" first

    f.panel->deleteView(u"New, by customer"_s);
    QVERIFY(f.panel->viewNames().isEmpty());
    QCOMPARE(views->count(), 1);
}

void tst_OrdersPanel::driverFilterAndColumn()
{
    Fixture f;
    QComboBox *drivers = f.panel->driverFilter();
    // All, none, then by name (not by id).
    QCOMPARE(drivers->count(), 5);
    QCOMPARE(drivers->itemText(2), u"Ava Costa"_s);
    QCOMPARE(drivers->itemText(3), u"Hugo Baker"_s);
    QCOMPARE(drivers->itemData(3).toString(), u"DRV-001"_s);
    QCOMPARE(drivers->itemText(4), u"Liam Evans"_s);

    OrdersTableModel *model = f.panel->model();
    const int row = model->rowOf(u"ORD-00003"_s);
    QCOMPARE(model->index(row, OrdersTableModel::DriverColumn).data().toString(), u"Hugo Baker"_s);
    QCOMPARE(model->index(model->rowOf(u"ORD-00001"_s), OrdersTableModel::DriverColumn)
                 .data()
                 .toString(),
        QString());
    // Shown right after the status it explains.
    const QHeaderView *header = f.panel->view()->horizontalHeader();
    QCOMPARE(header->visualIndex(OrdersTableModel::DriverColumn),
        header->visualIndex(OrdersTableModel::StatusColumn) + 1);

    drivers->setCurrentIndex(3);
    QCOMPARE(f.panel->proxy()->rowCount(), 1);
    QCOMPARE(f.panel->proxy()->index(0, 0).data().toString(), u"ORD-00003"_s);
    drivers->setCurrentIndex(drivers->findData(QString())); // "No driver"
    QCOMPARE(f.panel->proxy()->rowCount(), 3);
    f.panel->searchEdit()->setText(u"ava"_s); // search finds the driver's name
    drivers->setCurrentIndex(0);
    QCOMPARE(f.panel->proxy()->rowCount(), 1);
    QCOMPARE(f.panel->proxy()->index(0, 0).data().toString(), u"ORD-00002"_s);
    f.panel->searchEdit()->clear();

    // A saved view keeps "only Hugo's orders".
    drivers->setCurrentIndex(drivers->findData(u"DRV-001"_s));
    f.panel->saveView(u"Hugo"_s);
    f.panel->clearFilters();
    QCOMPARE(drivers->currentIndex(), 0);
    QCOMPARE(f.panel->proxy()->rowCount(), 5);
    QVERIFY(f.panel->applyView(u"Hugo"_s));
    QCOMPARE(drivers->currentData().toString(), u"DRV-001"_s);
    QCOMPARE(f.panel->proxy()->rowCount(), 1);

    // A renamed driver is renamed in the list and the column, and the filter stays on him.
    f.queries.setQueryData(QueryKeys::drivers(),
        QJsonArray {
            driver(u"DRV-001"_s, u"Hugo Baker-Smith"_s), driver(u"DRV-002"_s, u"Ava Costa"_s) });
    QTRY_COMPARE(drivers->count(), 4);
    QCOMPARE(drivers->currentText(), u"Hugo Baker-Smith"_s);
    QCOMPARE(
        model->index(row, OrdersTableModel::DriverColumn).data().toString(), u"Hugo Baker-Smith"_s);
    QCOMPARE(f.panel->proxy()->rowCount(), 1);
}

void tst_OrdersPanel::assignMenuOffersTheRightDrivers()
{
    Fixture f;
    f.queries.setQueryData(QueryKeys::drivers(),
        QJsonArray { driver(u"DRV-001"_s, u"Hugo Baker"_s, u"en_route"_s, u"north"_s),
            driver(u"DRV-002"_s, u"Ava Costa"_s, u"idle"_s, u"east"_s),
            driver(u"DRV-003"_s, u"Liam Evans"_s, u"idle"_s, u"north"_s),
            driver(u"DRV-004"_s, u"Noah Dumont"_s, u"offline"_s, u"north"_s),
            driver(u"DRV-005"_s, u"Ines Garcia"_s, u"en_route"_s, u"north"_s) });
    QTRY_COMPARE(f.panel->driverFilter()->count(), 7); // the panel has the new list
    QMenu parent;
    const auto entries = [](QMenu *menu) {
        QStringList ids;
        for (QAction *a : menu->actions()) {
            if (a->isSeparator())
                ids.append(a->text().isEmpty() ? u"|"_s : u"[%1]"_s.arg(a->text()));
            else
                ids.append(a->objectName().mid(7)); // "assign_"
        }
        return ids;
    };
    // A new order in the north: its region first, idle before busy, by name; offline drivers
    // are not offered; the others after a section.
    QMenu *menu = f.panel->buildAssignMenu(u"ORD-00001"_s, &parent);
    QVERIFY(menu);
    // Without travel times (this cache has no query function) the menu says it is by region.
    QCOMPARE(entries(menu),
        (QStringList { u"DRV-003"_s, u"DRV-001"_s, u"DRV-005"_s, u"[Other regions]"_s, u"DRV-002"_s,
            u"|"_s, u"note"_s }));
    QVERIFY(!menu->actions().last()->isEnabled());
    for (QAction *a : menu->actions())
        QVERIFY(!a->isChecked());
    QCOMPARE(menu->actions().first()->text(), u"Liam Evans — Idle"_s);
    QVERIFY(menu->actions().first()->text().startsWith(u"Liam Evans"_s));

    // ORD-00002 (assigned, to Ava in the east) shows her checked and can be taken off her.
    menu = f.panel->buildAssignMenu(u"ORD-00002"_s, &parent);
    QVERIFY(menu);
    QAction *ava = menu->findChild<QAction *>(u"assign_DRV-002"_s);
    QVERIFY(ava && ava->isChecked());
    QVERIFY(menu->findChild<QAction *>(u"assign_none"_s));
    // ORD-00003 is in transit: a new driver may take it over, but it cannot lose its driver.
    menu = f.panel->buildAssignMenu(u"ORD-00003"_s, &parent);
    QVERIFY(menu);
    QVERIFY(!menu->findChild<QAction *>(u"assign_none"_s));
    // A delivered order cannot be given to anyone.
    QVERIFY(!f.panel->buildAssignMenu(u"ORD-00004"_s, &parent));

    // Not live: nothing is sent, the row is untouched and the dispatcher is told.
    QVERIFY(!f.panel->assignDriverAction()->isEnabled());
    QVERIFY(!f.panel->assignDriver(u"ORD-00001"_s, u"DRV-003"_s));
    QVERIFY(f.panel->noticeLabel()->isVisibleTo(f.panel.get()));
    QVERIFY(f.panel->noticeLabel()->text().contains(u"ORD-00001"_s));
    const int row = f.panel->model()->rowOf(u"ORD-00001"_s);
    QVERIFY(f.panel->model()->orders().at(row).driverId.isEmpty());
}

void tst_OrdersPanel::csvExportOfTheCurrentView()
{
    Fixture f;
    QTableView *view = f.panel->view();
    // Only three visible columns, Customer moved first; only new orders, by id descending.
    for (int c = 0; c < OrdersTableModel::ColumnCount; ++c) {
        view->setColumnHidden(c,
            c != OrdersTableModel::IdColumn && c != OrdersTableModel::CustomerColumn
                && c != OrdersTableModel::RegionColumn);
    }
    QHeaderView *header = view->horizontalHeader();
    header->moveSection(header->visualIndex(OrdersTableModel::CustomerColumn), 0);
    QComboBox *status = f.panel->statusFilter();
    status->setCurrentIndex(status->findData(int(OrderStatus::New)));
    view->sortByColumn(OrdersTableModel::IdColumn, Qt::DescendingOrder);

    const QString expected = u"Customer,Order,Region\r\n"_s
                             u"\"Smith, \"\"Jo\"\" & Co\",ORD-00005,south\r\n"_s
                             u"Customer 1,ORD-00001,north\r\n"_s;
    QCOMPARE(f.panel->toCsv(), expected);
    QTemporaryDir dir;
    const QString file = dir.filePath(u"orders.csv"_s);
    QVERIFY(f.panel->exportCsv(file));
    QFile in(file);
    QVERIFY(in.open(QIODevice::ReadOnly));
    // UTF-8 with a byte order mark, so Excel does not read it in a legacy code page.
    QCOMPARE(in.readAll(), QByteArray("\xEF\xBB\xBF") + expected.toUtf8());

    // For a German Excel: semicolons, the same rows.
    const CsvFormat german = CsvFormat::forLocale(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(f.panel->toCsv(german),
        u"Customer;Order;Region\r\n"_s
        u"\"Smith, \"\"Jo\"\" & Co\";ORD-00005;south\r\n"_s
        u"Customer 1;ORD-00001;north\r\n"_s);
}

void tst_OrdersPanel::changedRowIsHighlightedWithoutDataChangedStorm()
{
    Fixture f;
    OrdersTableModel *model = f.panel->model();
    QCOMPARE(model->index(0, 0).data(OrdersTableModel::ChangedAtRole).toLongLong(), 0);
    QJsonArray next = sample();
    QJsonObject o = next.at(2).toObject();
    o.insert("status"_L1, u"delivered"_s);
    o.insert("version"_L1, 2);
    next.replace(2, o);
    // Row changes only: the countdown's one dataChanged per clock tick (the time-left column
    // alone) is not a row change.
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    connect(model, &QAbstractItemModel::dataChanged, &changed,
        [&changed](const QModelIndex &from, const QModelIndex &to) {
            if (from.column() == OrdersTableModel::LeftColumn
                && to.column() == OrdersTableModel::LeftColumn)
                changed.removeLast();
        });
    f.queries.setQueryData(QueryKeys::orders(), next);
    QTRY_COMPARE(changed.size(), 1);
    const int row = model->rowOf(u"ORD-00003"_s);
    QVERIFY(model->index(row, 0).data(OrdersTableModel::ChangedAtRole).toLongLong() > 0);
    QCOMPARE(model->index(0, 0).data(OrdersTableModel::ChangedAtRole).toLongLong(), 0);
    // The fade runs on viewport repaints: no further dataChanged while it plays.
    QVERIFY(!changed.wait(300));
    QCOMPARE(changed.size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(
        OrdersTableModel::steadyNowMs() - model->lastChangeAt() > OrdersDelegate::kFadeMs, 5000);
}

void tst_OrdersPanel::freshnessSaysAsOf()
{
    Fixture f;
    const QDateTime asOf = QDateTime::currentDateTimeUtc().addSecs(-95);
    f.panel->setFreshness(false, asOf);
    QCOMPARE(f.panel->freshnessLabel()->text(),
        u"Not live — as of %1"_s.arg(asOf.toLocalTime().toString(u"HH:mm:ss"_s)));
    QVERIFY(f.panel->view()->property("stale").toBool());
    QVERIFY(f.panel->view()->palette().color(QPalette::Base)
        != f.panel->palette().color(QPalette::Base));
    f.panel->setFreshness(true, QDateTime::currentDateTimeUtc());
    QCOMPARE(f.panel->freshnessLabel()->text(), u"● Live"_s);
    QVERIFY(!f.panel->view()->property("stale").toBool());
}

void tst_OrdersPanel::actionsDisabledWhenNotLive()
{
    Fixture f;
    QVERIFY(!f.actions.isAvailable());
    for (QAction *a : f.panel->statusActions())
        QVERIFY(!a->isEnabled());
    QCOMPARE(f.panel->view()->editTriggers(), QAbstractItemView::NoEditTriggers);
    f.panel->view()->selectRow(0);
    QVERIFY(!f.panel->changeSelectedStatus(OrderStatus::Cancelled));
    QVERIFY(f.panel->noticeLabel()->isVisible());
    QVERIFY(f.panel->noticeLabel()->text().contains(u"Not connected"_s));
    // Nothing was written to the cache.
    const QJsonArray rows = f.queries.queryData(QueryKeys::orders()).toArray();
    QCOMPARE(rows, sample());
}

QTEST_MAIN(tst_OrdersPanel)
#include "tst_orderspanel.moc"
