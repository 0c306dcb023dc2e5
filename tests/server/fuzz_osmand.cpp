// libFuzzer target for the position report parsers that take untrusted input with no token in
// front of them: OsmAnd reports (query, form body or Traccar Client 9's JSON) and the body of a
// driver's POST /api/me/position.
// Build: cmake -DOPS_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ …; run: ./fuzz_osmand corpus/

#include <cmath>
#include <cstddef>
#include <cstdint>

#include <QByteArray>

#include "server/domain/positionreport.h"

namespace {

//! What every accepted report must be: in range, with a key, at a real time.
bool sane(const Ops::PositionReport &p)
{
    const auto within = [](const std::optional<double> &v, double lo, double hi) {
        return !v || (std::isfinite(*v) && *v >= lo && *v <= hi);
    };
    return std::isfinite(p.lat) && std::isfinite(p.lon) && p.lat >= -90 && p.lat <= 90
        && p.lon >= -180 && p.lon <= 180 && p.at.isValid() && p.at.timeSpec() == Qt::UTC
        && within(p.speedKmh, 0, 1000) && within(p.bearing, 0, 360) && within(p.battery, 0, 100)
        && within(p.accuracyM, 0, 100000) && within(p.altitudeM, -1000, 100000);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    // The first byte picks the form, so one corpus covers them all.
    switch (data[0] % 4) {
    case 0:
    case 1: {
        // 0: a query; 1: a body, as JSON or as a form (bit 2).
        const bool json = data[0] & 4;
        const auto parsed = data[0] % 4 == 0
            ? Ops::OsmAnd::parse(bytes, {}, {})
            : Ops::OsmAnd::parse({}, bytes, json ? "application/json" : "text/plain");
        if (parsed.report) {
            if (parsed.report->deviceKey.isEmpty()
                || parsed.report->deviceKey.size() > Ops::OsmAnd::MaxDeviceKeyLength
                || !sane(parsed.report->position))
                __builtin_trap();
        } else if (parsed.message.isEmpty()) {
            __builtin_trap(); // every refusal says why
        }
        break;
    }
    case 2: {
        const auto parsed = Ops::OsmAnd::parse({}, bytes, "application/json");
        if (parsed.report ? !sane(parsed.report->position) : parsed.message.isEmpty())
            __builtin_trap();
        break;
    }
    default: {
        const auto parsed = Ops::parseDriverPosition(bytes);
        if (parsed.report ? !sane(*parsed.report) : parsed.message.isEmpty())
            __builtin_trap();
        break;
    }
    }
    return 0;
}
