// SavedViews: named filter + sort sets in a real settings file.

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include "models/savedviews.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_SavedViews : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void saveAndLoadEveryPart();
    void namesSortedAndTrimmed();
    void removeAndMissing();
    void readsWhatItCanOfAnOddEntry();

private:
    //! A settings file of its own for each test function.
    [[nodiscard]] QString file() const
    {
        return m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u".ini"_s);
    }

    QTemporaryDir m_dir;
};

void tst_SavedViews::saveAndLoadEveryPart()
{
    SavedView view;
    view.name = u"North, late"_s;
    view.filter.statuses = { OrderStatus::New, OrderStatus::Assigned };
    view.filter.region = u"north"_s;
    view.filter.driver = QString(); // orders without a driver
    view.filter.lateOnly = true;
    view.filter.search = u"smith"_s;
    view.sortColumn = OrdersTableModel::CustomerColumn;
    view.sortOrder = Qt::DescendingOrder;
    SavedView anyDriver = view;
    anyDriver.name = u"Any driver"_s;
    anyDriver.filter.driver.reset();
    {
        QSettings settings(file(), QSettings::IniFormat);
        SavedViews views(&settings);
        QVERIFY(views.save(view));
        QVERIFY(views.save(anyDriver));
    }
    // Another settings object on the file (another window, the next start) reads them back.
    QSettings settings(file(), QSettings::IniFormat);
    SavedViews views(&settings);
    QCOMPARE(views.load(u"North, late"_s), view);
    QCOMPARE(views.load(u"Any driver"_s), anyDriver);
    QVERIFY(!views.load(u"Any driver"_s)->filter.driver.has_value()); // not "no driver"
}

void tst_SavedViews::namesSortedAndTrimmed()
{
    QSettings settings(file(), QSettings::IniFormat);
    SavedViews views(&settings);
    QVERIFY(views.save({ u"  zeta  "_s, {}, 0, Qt::AscendingOrder }));
    QVERIFY(views.save({ u"Alpha"_s, {}, 0, Qt::AscendingOrder }));
    QVERIFY(views.save({ u"beta"_s, {}, 0, Qt::AscendingOrder }));
    QVERIFY(!views.save({ u"   "_s, {}, 0, Qt::AscendingOrder })); // no name, nothing saved
    QCOMPARE(views.names(), (QStringList { u"Alpha"_s, u"beta"_s, u"zeta"_s }));
    // Saving under a name again replaces that view.
    QVERIFY(views.save({ u"beta"_s, { {}, u"east"_s, {}, false, {} }, 1, Qt::DescendingOrder }));
    QCOMPARE(views.names().size(), 3);
    QCOMPARE(views.load(u"beta"_s)->filter.region, u"east"_s);
}

void tst_SavedViews::removeAndMissing()
{
    QSettings settings(file(), QSettings::IniFormat);
    SavedViews views(&settings);
    QVERIFY(views.save({ u"One"_s, {}, 0, Qt::AscendingOrder }));
    QVERIFY(views.save({ u"Two"_s, {}, 0, Qt::AscendingOrder }));
    views.remove(u"One"_s);
    views.remove(QString()); // not "every view"
    QCOMPARE(views.names(), QStringList { u"Two"_s });
    QVERIFY(!views.load(u"One"_s));
    QVERIFY(!views.load(u"Three"_s));
}

void tst_SavedViews::readsWhatItCanOfAnOddEntry()
{
    QSettings settings(file(), QSettings::IniFormat);
    settings.setValue(u"orderViews/Odd/statuses"_s, QStringList { u"new"_s, u"teleported"_s });
    settings.setValue(u"orderViews/Odd/sortColumn"_s, 99);
    settings.setValue(u"orderViews/Odd/sortOrder"_s, 7);
    SavedViews views(&settings);
    const std::optional<SavedView> odd = views.load(u"Odd"_s);
    QVERIFY(odd);
    QCOMPARE(odd->filter.statuses, QSet<OrderStatus> { OrderStatus::New });
    QCOMPARE(odd->sortColumn, -1); // no such column: the table keeps its sort
    QCOMPARE(odd->sortOrder, Qt::AscendingOrder);
    QVERIFY(odd->filter.region.isEmpty());
}

QTEST_GUILESS_MAIN(tst_SavedViews)
#include "tst_savedviews.moc"
