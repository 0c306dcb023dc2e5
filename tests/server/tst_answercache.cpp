// AnswerCache: an answer is given out only at the head and log generation it was read at and
// within its age; the byte budget evicts the oldest; large bodies are also kept deflated.

#include <QTest>
#include <QtEndian>

#include "server/http/answercache.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

class tst_AnswerCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameHeadSameGenerationIsShared();
    void aLaterHeadOrGenerationIsNot();
    void answersExpireOnTheInjectedClock();
    void theBudgetEvictsTheOldest();
    void largeBodiesAreKeptDeflated();
};

namespace {

const StreamPosition kAt40 { u"e1"_s, 40 };

AnswerCache::Answer answerOf(QByteArray body, StreamPosition at = kAt40)
{
    return AnswerCache::Answer { std::move(body), std::move(at), "W/\"e1-40-x\""_ba, 3, {} };
}

} // namespace

void tst_AnswerCache::sameHeadSameGenerationIsShared()
{
    AnswerCache cache;
    QVERIFY(!cache.find("k"_ba, kAt40, 0));
    cache.insert("k"_ba, answerOf("[1,2,3]"_ba), 0);
    const auto found = cache.find("k"_ba, kAt40, 0);
    QVERIFY(found);
    QCOMPARE(found->body, "[1,2,3]"_ba);
    QCOMPARE(found->etag, "W/\"e1-40-x\""_ba);
    QCOMPARE(found->total, 3);
    QVERIFY(!cache.find("other"_ba, kAt40, 0));
    QCOMPARE(cache.hits(), 1u);
    QCOMPARE(cache.misses(), 2u);
}

void tst_AnswerCache::aLaterHeadOrGenerationIsNot()
{
    AnswerCache cache;
    cache.insert("k"_ba, answerOf("[1]"_ba), 0);
    QVERIFY(!cache.find("k"_ba, StreamPosition { u"e1"_s, 41 }, 0)); // a write since
    QCOMPARE(cache.size(), 0); // and it is gone
    cache.insert("k"_ba, answerOf("[1]"_ba), 0);
    QVERIFY(!cache.find("k"_ba, StreamPosition { u"e2"_s, 40 }, 0)); // another epoch
    cache.insert("k"_ba, answerOf("[1]"_ba), 0);
    QVERIFY(!cache.find("k"_ba, kAt40, 1)); // trimmed, reset or written without an event
    cache.insert("k"_ba, answerOf("[1]"_ba), 0);
    cache.clear();
    QVERIFY(!cache.find("k"_ba, kAt40, 0));
    QCOMPARE(cache.bytes(), 0);
}

void tst_AnswerCache::answersExpireOnTheInjectedClock()
{
    std::chrono::milliseconds now = 1000ms;
    AnswerCache cache(1024 * 1024, 1000ms, [&now] { return now; });
    cache.insert("k"_ba, answerOf("[1]"_ba), 0);
    now += 1000ms;
    QVERIFY(cache.find("k"_ba, kAt40, 0));
    now += 1ms;
    QVERIFY(!cache.find("k"_ba, kAt40, 0));
}

void tst_AnswerCache::theBudgetEvictsTheOldest()
{
    AnswerCache cache(300, 1000ms);
    const QByteArray body(100, 'x');
    cache.insert("a"_ba, answerOf(body), 0);
    cache.insert("b"_ba, answerOf(body), 0);
    QCOMPARE(cache.size(), 2);
    cache.insert("c"_ba, answerOf(body), 0);
    QCOMPARE(cache.size(), 2);
    QVERIFY(cache.bytes() <= 300);
    QVERIFY(!cache.find("a"_ba, kAt40, 0));
    QVERIFY(cache.find("b"_ba, kAt40, 0));
    QVERIFY(cache.find("c"_ba, kAt40, 0));
    // An answer over the whole budget is answered, not kept.
    const auto kept = cache.insert("big"_ba, answerOf(QByteArray(400, 'y')), 0);
    QCOMPARE(kept.body.size(), 400);
    QVERIFY(!cache.find("big"_ba, kAt40, 0));
    QCOMPARE(cache.size(), 2);
}

void tst_AnswerCache::largeBodiesAreKeptDeflated()
{
    AnswerCache cache;
    QByteArray rows = "["_ba;
    for (int i = 0; i < 400; ++i)
        rows += u"{\"id\":\"ORD-%1\",\"status\":\"new\",\"customer\":\"Acme Bakery\"},"_s
                    .arg(i, 5, 10, QLatin1Char('0'))
                    .toUtf8();
    rows.back() = ']';
    QVERIFY(rows.size() >= AnswerCache::DeflateFrom);
    const auto kept = cache.insert("k"_ba, answerOf(rows), 0);
    QVERIFY(!kept.deflated.isEmpty());
    QVERIFY(kept.deflated.size() < rows.size() / 4);
    // A zlib stream (RFC 1950), as `Content-Encoding: deflate` means: qUncompress reads it
    // after the 4-byte length it expects in front.
    QByteArray framed(4, '\0');
    qToBigEndian(quint32(rows.size()), framed.data());
    QCOMPARE(qUncompress(framed + kept.deflated), rows);
    QCOMPARE(cache.find("k"_ba, kAt40, 0)->deflated, kept.deflated);
    // Small bodies are sent as they are.
    QVERIFY(cache.insert("s"_ba, answerOf("[1]"_ba), 0).deflated.isEmpty());
}

QTEST_GUILESS_MAIN(tst_AnswerCache)
#include "tst_answercache.moc"
