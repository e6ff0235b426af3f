# perl noshdr.pl FILE: drop the section headers of a static ELF64
# little-endian executable (x86_64, aarch64), and with them what only
# they point to (.comment, .shstrtab): the kernel and the loader read
# the program headers alone. About 1 KiB; `readelf -l` still reads the
# file, `strip` and `objdump -d` no longer do (debian/rules skips
# dh_strip: make strips already).
use strict;
use warnings;

my $file = shift or die "usage: perl noshdr.pl FILE\n";
open(my $f, '+<:raw', $file) or die "$file: $!\n";
my $h;
read($f, $h, 64) == 64 && substr($h, 0, 6) eq "\x7fELF\x02\x01"
    or die "$file: not a little-endian ELF64 file\n";
my $phoff = unpack('Q<', substr($h, 32, 8));
my ($phentsize, $phnum) = unpack('v v', substr($h, 54, 4));
# The file ends where the last segment's bytes end.
my $end = $phoff + $phentsize * $phnum;
for my $i (0 .. $phnum - 1) {
	seek($f, $phoff + $i * $phentsize, 0) or die "$file: $!\n";
	my $p;
	read($f, $p, 56) == 56 or die "$file: short program header\n";
	my ($off, $filesz) = (unpack('Q<', substr($p, 8, 8)), unpack('Q<', substr($p, 32, 8)));
	$end = $off + $filesz if $off + $filesz > $end;
}
# e_shoff, then e_shentsize, e_shnum and e_shstrndx: no section table.
substr($h, 40, 8) = pack('Q<', 0);
substr($h, 58, 6) = pack('v v v', 0, 0, 0);
seek($f, 0, 0) or die "$file: $!\n";
print $f $h or die "$file: $!\n";
truncate($f, $end) or die "$file: $!\n";
close($f) or die "$file: $!\n";
