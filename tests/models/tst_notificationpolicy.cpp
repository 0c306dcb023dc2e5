#include <QSettings>
#include <QStandardPaths>
#include <QTest>

#include "models/notificationpolicy.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_NotificationPolicy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void quietHoursWrapPastMidnight();
    void decide_data();
    void decide();
    void keptPerUser();
    void escalationToMeReachesTheDesktop();
};

void tst_NotificationPolicy::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"OpsboardTest"_s);
    QCoreApplication::setApplicationName(u"tst_notificationpolicy"_s);
    QSettings().clear();
}

void tst_NotificationPolicy::quietHoursWrapPastMidnight()
{
    NotificationPreferences p;
    QVERIFY(!p.isQuiet(QTime(23, 0))); // off by default
    p.quietHours = true; // 22:00–07:00
    QVERIFY(p.isQuiet(QTime(22, 0)));
    QVERIFY(p.isQuiet(QTime(23, 59)));
    QVERIFY(p.isQuiet(QTime(0, 0)));
    QVERIFY(p.isQuiet(QTime(6, 59)));
    QVERIFY(!p.isQuiet(QTime(7, 0)));
    QVERIFY(!p.isQuiet(QTime(12, 0)));
    QVERIFY(!p.isQuiet(QTime(21, 59)));
    p.quietFrom = QTime(12, 30); // a lunch break, same day
    p.quietUntil = QTime(13, 15);
    QVERIFY(p.isQuiet(QTime(12, 45)));
    QVERIFY(!p.isQuiet(QTime(13, 15)));
    QVERIFY(!p.isQuiet(QTime(23, 0)));
    p.quietUntil = p.quietFrom;
    QVERIFY(!p.isQuiet(QTime(12, 30)));
}

void tst_NotificationPolicy::decide_data()
{
    QTest::addColumn<QStringList>("severities");
    QTest::addColumn<QTime>("now");
    QTest::addColumn<bool>("muted");
    QTest::addColumn<QStringList>("silent");
    QTest::addColumn<QString>("sound");
    QTest::addColumn<bool>("desktop");

    const QTime day(14, 0);
    const QTime night(23, 30);
    const QStringList none;
    QTest::newRow("day warning") << QStringList { u"warning"_s } << day << false << none
                                 << u"warning"_s << false;
    QTest::newRow("day loudest") << QStringList { u"info"_s, u"critical"_s, u"warning"_s } << day
                                 << false << none << u"critical"_s << true;
    QTest::newRow("day warning silenced") << QStringList { u"warning"_s, u"info"_s } << day << false
                                          << QStringList { u"warning"_s } << u"info"_s << false;
    QTest::newRow("night warning: nothing")
        << QStringList { u"warning"_s } << night << false << none << QString() << false;
    QTest::newRow("night critical still notifies")
        << QStringList { u"warning"_s, u"critical"_s } << night << false << none << u"critical"_s
        << true;
    QTest::newRow("critical sound off: desktop only")
        << QStringList { u"critical"_s } << night << false << QStringList { u"critical"_s }
        << QString() << true;
    QTest::newRow("muted: desktop, no sound")
        << QStringList { u"critical"_s } << day << true << none << QString() << true;
}

void tst_NotificationPolicy::decide()
{
    QFETCH(QStringList, severities);
    QFETCH(QTime, now);
    QFETCH(bool, muted);
    QFETCH(QStringList, silent);
    QFETCH(QString, sound);
    QFETCH(bool, desktop);
    NotificationPreferences p;
    p.quietHours = true;
    p.silent = QSet<QString>(silent.begin(), silent.end());
    const NotificationDecision d = decideNotification(severities, now, muted, p);
    QCOMPARE(d.sound, sound);
    QCOMPARE(d.desktop, desktop);
    QCOMPARE(d.quiet, now == QTime(23, 30));
}

void tst_NotificationPolicy::keptPerUser()
{
    NotificationPreferences ann;
    ann.silent = { u"info"_s };
    ann.quietHours = true;
    ann.quietFrom = QTime(20, 0);
    ann.quietUntil = QTime(6, 30);
    ann.save(u"ann"_s);
    QCOMPARE(NotificationPreferences::load(u"ann"_s), ann);
    QCOMPARE(NotificationPreferences::load(u"ben"_s), NotificationPreferences {});
    QCOMPARE(NotificationPreferences::load(u"ann/x"_s), NotificationPreferences {});
}

void tst_NotificationPolicy::escalationToMeReachesTheDesktop()
{
    NotificationPreferences p;
    p.quietHours = true;
    const QStringList warning { u"warning"_s };
    QVERIFY(!decideNotification(warning, QTime(14, 0), false, p).desktop);
    const NotificationDecision day = decideNotification(warning, QTime(14, 0), false, p, true);
    QVERIFY(day.desktop);
    QCOMPARE(day.sound, u"warning"_s);
    const NotificationDecision night = decideNotification(warning, QTime(2, 0), false, p, true);
    QVERIFY(!night.desktop);
    QVERIFY(night.sound.isEmpty());
    QVERIFY(decideNotification({ u"critical"_s }, QTime(2, 0), false, p, true).desktop);
}

QTEST_GUILESS_MAIN(tst_NotificationPolicy)
#include "tst_notificationpolicy.moc"
