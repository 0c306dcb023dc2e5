// libFuzzer target for the parsers that take untrusted input: WebSocket client frames
// (ClientFrame::parse), the order bodies (parseOrderPatch, parseOrderCreate, over the strict
// JSON-object reader) and CSV files (readCsv).
// Build: cmake -DOPS_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ …; run: ./fuzz_parsers corpus/

#include <cstddef>
#include <cstdint>

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include "protocol/frames.h"
#include "server/domain/csvreader.h"
#include "server/domain/orderservice.h"
#include "server/domain/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    // The first byte picks the parser, so one corpus covers all four (0 and 1 as before).
    switch (data[0] % 4) {
    case 1: {
        QString error;
        const auto frame = Ops::ClientFrame::parse(QString::fromUtf8(bytes), &error);
        // A parsed frame must survive its own round trip.
        if (frame && !Ops::ClientFrame::parse(frame->toJson(), &error))
            __builtin_trap();
        break;
    }
    case 0: {
        Ops::OrderChange change;
        const Ops::Error error = Ops::parseOrderPatch(bytes, &change);
        if (!error.ok() && error.message.isEmpty())
            __builtin_trap(); // every rejection says why
        break;
    }
    case 2: {
        // A fixed "now": the same input decides the same way on every run.
        static const QDateTime now = QDateTime::fromSecsSinceEpoch(1'795'000'000, Qt::UTC);
        Ops::Order order;
        QString field;
        const Ops::Error error = Ops::parseOrderCreate(bytes, now, &order, &field);
        if (!error.ok() && error.message.isEmpty())
            __builtin_trap();
        // An accepted draft is a valid order: it passes the rules of a whole order again.
        if (error.ok() && (order.customer.isEmpty() || Ops::validateOrder(order, now)))
            __builtin_trap();
        break;
    }
    default: {
        Ops::CsvLimits limits;
        limits.maxBytes = 64 * 1024;
        limits.maxRowBytes = 4096;
        limits.maxRows = 200;
        Ops::CsvTable table;
        QString reason;
        const Ops::Error error = Ops::readCsv(bytes, limits, &table, &reason);
        if (!error.ok() && (error.message.isEmpty() || reason.isEmpty()))
            __builtin_trap();
        if (error.ok() && (table.header.isEmpty() || table.rows.size() > limits.maxRows))
            __builtin_trap();
        break;
    }
    }
    return 0;
}
