#include "tilesource.h"

namespace Ops {

TileSource::TileSource(QObject *parent)
    : QObject(parent)
{ }

TileSource::~TileSource() = default;

} // namespace Ops
