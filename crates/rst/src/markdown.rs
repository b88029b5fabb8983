//! RST → CommonMark (to be written).
