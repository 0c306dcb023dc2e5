#include <QAccessible>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include "ui/connectionbadge.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

class tst_ConnectionBadge : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsOfflineWithoutConnection();
    void countsDownWhileReconnecting();
    void screenReadersHearTheState();
};

void tst_ConnectionBadge::showsOfflineWithoutConnection()
{
    ConnectionBadge badge;
    badge.show();
    QCOMPARE(badge.state(), ConnectionManager::State::Disconnected);
    QCOMPARE(badge.text(), u"Not connected"_s);
    QVERIFY(!badge.toolTip().isEmpty());
}

void tst_ConnectionBadge::countsDownWhileReconnecting()
{
    QTcpServer placeholder;
    QVERIFY(placeholder.listen(QHostAddress::LocalHost, 0));
    const quint16 port = placeholder.serverPort();
    placeholder.close(); // connections to this port are refused

    ConnectionManager connection;
    connection.setBackoffPolicy({ 3000ms, 3000ms, 2.0, 0.0 }); // a fixed 3 s delay
    connection.setUrl(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(port)));
    connection.setToken(u"t"_s);
    ConnectionBadge badge;
    badge.setConnection(&connection);
    badge.show();
    QSignalSpy states(&badge, &ConnectionBadge::stateChanged);

    connection.open();
    QCOMPARE(badge.text(), u"Connecting…"_s);
    QTRY_COMPARE(badge.state(), ConnectionManager::State::Reconnecting);
    QTRY_VERIFY2(badge.text().startsWith(u"Reconnecting in "_s), qPrintable(badge.text()));
    QVERIFY(badge.text().contains(u"3 s"_s) || badge.text().contains(u"2 s"_s));

    connection.close();
    QCOMPARE(badge.state(), ConnectionManager::State::Disconnected);
    QCOMPARE(badge.text(), u"Not connected"_s);
    QCOMPARE(states.size(), 3); // Connecting, Reconnecting, Disconnected
}

void tst_ConnectionBadge::screenReadersHearTheState()
{
    QTcpServer placeholder;
    QVERIFY(placeholder.listen(QHostAddress::LocalHost, 0));
    const quint16 port = placeholder.serverPort();
    placeholder.close();
    ConnectionManager connection;
    connection.setBackoffPolicy({ 3000ms, 3000ms, 2.0, 0.0 });
    connection.setUrl(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(port)));
    connection.setToken(u"t"_s);
    ConnectionBadge badge;
    badge.setConnection(&connection);
    badge.show();
    // What an assistive technology reads: the accessibility interface of the widget.
    QAccessibleInterface *a11y = QAccessible::queryAccessibleInterface(&badge);
    QVERIFY(a11y);
    QCOMPARE(a11y->text(QAccessible::Name), u"Connection: not connected, not live"_s);
    QCOMPARE(a11y->text(QAccessible::Description), badge.toolTip());

    connection.open();
    QTRY_COMPARE(badge.state(), ConnectionManager::State::Reconnecting);
    // The symbol-free state, not the countdown: it is not read out anew every second.
    QCOMPARE(a11y->text(QAccessible::Name), u"Connection: lost, not live, reconnecting"_s);
    const QString text = badge.text();
    QTRY_VERIFY(badge.text() != text); // counted down
    QCOMPARE(a11y->text(QAccessible::Name), u"Connection: lost, not live, reconnecting"_s);
    QVERIFY(a11y->text(QAccessible::Description).contains(u"not live"_s));
    connection.close();
}

QTEST_MAIN(tst_ConnectionBadge)
#include "tst_connectionbadge.moc"
