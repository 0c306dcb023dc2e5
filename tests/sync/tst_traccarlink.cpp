// TraccarLink: the link Traccar Client reads its settings from (lib/configuration_service.dart).

#include <QTest>
#include <QUrlQuery>

#include "sync/traccarlink.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

//! The query values as the app reads them: split at '&' and '=', each value percent-decoded
//! with '+' as a space (Dart's Uri.queryParameters).
QMap<QString, QString> appParameters(const QString &link)
{
    QMap<QString, QString> values;
    const QString query = link.mid(link.indexOf(u'?') + 1);
    for (const QString &pair : query.split(u'&')) {
        const qsizetype eq = pair.indexOf(u'=');
        QByteArray value = pair.mid(eq + 1).toLatin1();
        value.replace('+', ' ');
        values.insert(pair.left(eq), QString::fromUtf8(QByteArray::fromPercentEncoding(value)));
    }
    return values;
}

} // namespace

class tst_TraccarLink final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void settingsForOpsboard();
    void valuesSurviveTheAppsDecoding();
    void nothingToLinkGivesNoLink();
};

void tst_TraccarLink::settingsForOpsboard()
{
    const QString link = TraccarLink::configuration(
        QUrl(u"https://ops.example.com:8443/api/osmand"_s), u"9wv2g9vnm069454g82983vgykh"_s);
    QCOMPARE(link,
        u"org.traccar.client://?url=https%3A%2F%2Fops.example.com%3A8443%2Fapi%2Fosmand"
        "&id=9wv2g9vnm069454g82983vgykh&interval=30&distance=0&angle=0&accuracy=high&buffer=true"
        "&stop_detection=false&heartbeat=60&fastest_interval=30"_s);
    const QUrl url(link);
    QVERIFY(url.isValid());
    QCOMPARE(url.scheme(), TraccarLink::scheme());
    QVERIFY(url.host().isEmpty()); // the host "action" would start or stop tracking instead
    const auto values = appParameters(link);
    QCOMPARE(values.value(u"url"_s), u"https://ops.example.com:8443/api/osmand"_s);
    QCOMPARE(values.value(u"id"_s), u"9wv2g9vnm069454g82983vgykh"_s);
    QCOMPARE(values.value(u"interval"_s), u"30"_s);
    QCOMPARE(values.value(u"distance"_s), u"0"_s);
    // A driver standing still keeps reporting: well under the 120 s after which a driver is
    // "not responding".
    QCOMPARE(values.value(u"stop_detection"_s), u"false"_s);
    QVERIFY(values.value(u"heartbeat"_s).toInt() > 0 && values.value(u"heartbeat"_s).toInt() < 120);

    // The OsmAnd port of its own, and another interval.
    const auto other = appParameters(
        TraccarLink::configuration(QUrl(u"http://10.0.0.5:5055"_s), u"demo-DRV-001"_s, 10));
    QCOMPARE(other.value(u"url"_s), u"http://10.0.0.5:5055"_s);
    QCOMPARE(other.value(u"id"_s), u"demo-DRV-001"_s);
    QCOMPARE(other.value(u"interval"_s), u"10"_s);
    QCOMPARE(other.value(u"fastest_interval"_s), u"10"_s); // not held to the app's 30 s floor
}

void tst_TraccarLink::valuesSurviveTheAppsDecoding()
{
    // A tracker's identifier may hold anything; a URL may carry a query, user info, a fragment.
    const QString key = u"a+b&c=d e%f/ü"_s;
    const QString link = TraccarLink::configuration(
        QUrl(u"https://user:secret@ops.example.com/api/osmand?x=1&y=2#top"_s), key);
    QVERIFY2(
        !link.contains(u'+') && !link.contains(u' ') && !link.contains(u'#'), qPrintable(link));
    QVERIFY(!link.contains(u"secret"_s)); // no password of the dashboard's URL on a phone
    const auto values = appParameters(link);
    QCOMPARE(values.value(u"id"_s), key);
    QCOMPARE(values.value(u"url"_s), u"https://ops.example.com/api/osmand?x=1&y=2"_s);
    QCOMPARE(values.size(), 10); // nothing split off
}

void tst_TraccarLink::nothingToLinkGivesNoLink()
{
    const QUrl server(u"http://127.0.0.1:8080/api/osmand"_s);
    QVERIFY(!TraccarLink::configuration(server, u"k"_s).isEmpty());
    QVERIFY(TraccarLink::configuration(server, QString()).isEmpty());
    QVERIFY(TraccarLink::configuration(QUrl(), u"k"_s).isEmpty());
    QVERIFY(TraccarLink::configuration(QUrl(u"ftp://127.0.0.1/x"_s), u"k"_s).isEmpty());
    QVERIFY(TraccarLink::configuration(QUrl(u"/api/osmand"_s), u"k"_s).isEmpty());
    QVERIFY(TraccarLink::configuration(server, u"k"_s, 0).isEmpty());
}

QTEST_GUILESS_MAIN(tst_TraccarLink)
#include "tst_traccarlink.moc"
