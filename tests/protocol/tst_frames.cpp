#include <QTest>

#include "protocol/frames.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_Frames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clientFrameRoundTrip();
    void rejectsBadClientFrames_data();
    void rejectsBadClientFrames();
    void serverEventRoundTrip();
    void rejectsBadEvents_data();
    void rejectsBadEvents();
    void positionHeader();
};

void tst_Frames::clientFrameRoundTrip()
{
    ClientFrame sub;
    sub.kind = ClientFrame::Kind::Subscribe;
    sub.channels = { u"orders"_s, u"kpis"_s };
    sub.since = StreamPosition { u"e1"_s, 41 };
    QString error;
    const auto parsed = ClientFrame::parse(sub.toJson(), &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->kind, ClientFrame::Kind::Subscribe);
    QCOMPARE(parsed->channels, sub.channels);
    QCOMPARE(parsed->since, sub.since);

    ClientFrame auth;
    auth.token = u"secret"_s;
    const auto parsedAuth = ClientFrame::parse(auth.toJson(), &error);
    QVERIFY2(parsedAuth, qPrintable(error));
    QCOMPARE(parsedAuth->kind, ClientFrame::Kind::Auth);
    QCOMPARE(parsedAuth->token, u"secret"_s);
}

void tst_Frames::rejectsBadClientFrames_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not json") << u"{op:"_s << u"malformed JSON"_s;
    QTest::newRow("array") << u"[1,2]"_s << u"must be a JSON object"_s;
    QTest::newRow("no op") << u"{}"_s << u"missing 'op'"_s;
    QTest::newRow("unknown op") << u"{\"op\":\"drop_tables\"}"_s << u"unknown op"_s;
    QTest::newRow("auth without token") << u"{\"op\":\"auth\"}"_s << u"'token'"_s;
    QTest::newRow("auth token number") << u"{\"op\":\"auth\",\"token\":5}"_s << u"'token'"_s;
    QTest::newRow("auth extra field")
        << u"{\"op\":\"auth\",\"token\":\"t\",\"x\":1}"_s << u"unknown field 'x'"_s;
    QTest::newRow("subscribe no channels") << u"{\"op\":\"subscribe\"}"_s << u"'channels'"_s;
    QTest::newRow("subscribe empty channels")
        << u"{\"op\":\"subscribe\",\"channels\":[]}"_s << u"'channels'"_s;
    QTest::newRow("bad channel") << u"{\"op\":\"subscribe\",\"channels\":[\"Orders!\"]}"_s
                                 << u"invalid channel"_s;
    QTest::newRow("since negative")
        << u"{\"op\":\"subscribe\",\"channels\":[\"orders\"],\"since\":{\"epoch\":\"e\",\"seq\":-1}}"_s
        << u"position"_s;
    QTest::newRow("since fractional")
        << u"{\"op\":\"subscribe\",\"channels\":[\"orders\"],\"since\":{\"epoch\":\"e\",\"seq\":1.5}}"_s
        << u"position"_s;
    QTest::newRow("duplicate op")
        << u"{\"op\":\"subscribe\",\"channels\":[\"orders\"],\"op\":\"auth\"}"_s
        << u"duplicate field 'op'"_s;
    QTest::newRow("duplicate token, escaped")
        << u"{\"op\":\"auth\",\"token\":\"a\",\"\\u0074oken\":\"b\"}"_s
        << u"duplicate field 'token'"_s;
    QTest::newRow("duplicate in since") << u"{\"op\":\"subscribe\",\"channels\":[\"orders\"],"
                                           "\"since\":{\"epoch\":\"e\",\"seq\":1,\"seq\":2}}"_s
                                        << u"duplicate field 'seq'"_s;
    QTest::newRow("oversized") << (u"{\"op\":\"auth\",\"token\":\""_s
        + QString(Wire::MaxFrameBytes, u'a') + u"\"}"_s)
                               << u"larger than"_s;
}

void tst_Frames::rejectsBadClientFrames()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    QString error;
    QVERIFY(!ClientFrame::parse(text, &error));
    QVERIFY2(error.contains(reason), qPrintable(error));
}

void tst_Frames::serverEventRoundTrip()
{
    ServerFrame frame;
    frame.kind = ServerFrame::Kind::Event;
    frame.event.seq = 7;
    frame.event.epoch = u"ep"_s;
    frame.event.type = u"order.updated"_s;
    frame.event.entity = u"order"_s;
    frame.event.id = u"ORD-1"_s;
    frame.event.version = 3;
    frame.event.ts = QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, Qt::UTC);
    QString error;
    const auto parsed = ServerFrame::parse(frame.toJson(), &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->kind, ServerFrame::Kind::Event);
    QCOMPARE(parsed->event, frame.event);
    QVERIFY(parsed->region.isEmpty());
    QVERIFY(!frame.toJson().contains(u"region"_s));
    frame.region = u"north"_s;
    QCOMPARE(ServerFrame::parse(frame.toJson(), &error)->region, u"north"_s);
    QCOMPARE(frame.toUtf8(), frame.toJson().toUtf8());
}

void tst_Frames::rejectsBadEvents_data()
{
    QTest::addColumn<QString>("text");
    const QString base =
        uR"({"op":"event","seq":%1,"epoch":"e","type":%2,"entity":"order","id":"A","version":1,"ts":"2026-01-01T00:00:00.000Z"})"_s;
    QTest::newRow("seq zero") << base.arg(u"0"_s, u"\"order.updated\""_s);
    QTest::newRow("seq string") << base.arg(u"\"1\""_s, u"\"order.updated\""_s);
    QTest::newRow("bad type") << base.arg(u"1"_s, u"\"updated\""_s);
    QTest::newRow("type number") << base.arg(u"1"_s, u"3"_s);
    QTest::newRow("unknown op") << u"{\"op\":\"evnt\"}"_s;
}

void tst_Frames::rejectsBadEvents()
{
    QFETCH(QString, text);
    QString error;
    QVERIFY(!ServerFrame::parse(text, &error));
    QVERIFY(!error.isEmpty());
}

void tst_Frames::positionHeader()
{
    const StreamPosition p { u"abc:def"_s, 12 };
    QCOMPARE(StreamPosition::fromHeaderValue(p.toHeaderValue()), p);
    QVERIFY(!StreamPosition::fromHeaderValue(u"nocolon"));
    QVERIFY(!StreamPosition::fromHeaderValue(u"e:-4"));
    QVERIFY(!StreamPosition::fromHeaderValue(u":4"));
}

QTEST_APPLESS_MAIN(tst_Frames)
#include "tst_frames.moc"
