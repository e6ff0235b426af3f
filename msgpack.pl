#!/usr/bin/perl
# msgpack.pl OUTDIR FILE.c...: minit's message text, stored compactly.
#
# Messages are a fifth of the binary and repeat their words ("cannot",
# "namespace", " --root ", "Operation not permitted"). This writes a copy
# of each FILE.c into OUTDIR in which every message literal is byte-pair
# coded: a byte from 0x80 up stands for a pair from a dictionary of 128
# (OUTDIR/msgdict.h), either half of which is a character or a pair
# again. fmt.c expands the pairs when it prints: in a format string, and
# in a %s argument that lies in the binary's read-only data (only minit's
# own literals live there; a path or a command from the user never
# does, so it prints as it is). Nothing is expanded at start-up.
#
# A message literal: one with a word, a space and a word ("not found",
# "bad size"), outside preprocessor lines, _Static_assert and __asm__. Paths,
# file names, mount options and delimiters (" - ", "/: \t\n") have none
# and stay as they are. Conversions (%s, %.*s, %03lld, %%) are never
# coded, so gcc still checks every format against its arguments; nor
# are bytes below 0x20 but \t and \n (fmt.c's errno markers, the NULs
# of a name list). Each output starts with #line, so gcc's diagnostics
# name the real file and line.
use strict;
use warnings;

my ($out, @files) = @ARGV;
die "usage: msgpack.pl OUTDIR FILE.c...\n" unless $out && @files;

my %esc = (n => "\n", t => "\t", r => "\r", '\\' => '\\', '"' => '"', "'" => "'", '?' => '?',
    a => "\a", b => "\b", f => "\f", v => "\013", e => "\033");

# C escapes to bytes.
sub unescape {
	my ($s, $where) = @_;
	$s =~ s{\\(?:([0-7]{1,3})|x([0-9a-fA-F]+)|(.))}{
		defined $1 ? chr(oct $1) : defined $2 ? chr(hex $2) :
		exists $esc{$3} ? $esc{$3} : die "$where: unknown escape \\$3\n"
	}ges;
	return $s;
}

# Each file as pieces: code (kept as it is) and literal groups (adjacent
# literals, with what separates them).
my (%pieces, @msgs);
for my $f (@files) {
	open my $h, '<', $f or die "$f: $!\n";
	my $s = do { local $/; <$h> };
	my @p;
	my ($code, $line) = (0, 1);
	my $stmt = '';		# code since the last ; { or }
	pos($s) = 0;
	while (pos($s) < length $s) {
		my $at = pos($s);
		if ($s =~ m{\G(/\*.*?\*/|//[^\n]*)}sgc) {
		} elsif ($s =~ m{\G('(?:\\.|[^'\\])*')}sgc) {
			$stmt .= $1;
		} elsif (($at == 0 || substr($s, $at - 1, 1) eq "\n") &&
		    $s =~ m{\G([ \t]*#(?:[^\n\\]|\\.)*)}sgc) {	# a preprocessor line
		} elsif ($s =~ m{\G("(?:\\.|[^"\\\n])*"(?:(?:\s|/\*.*?\*/)*"(?:\\.|[^"\\\n])*")*)}sgc) {
			my $g = $1;
			my @lits = $g =~ m{"((?:\\.|[^"\\\n])*)"}g;
			my $text = join '', map { unescape($_, "$f:$line") } @lits;
			if ($text =~ /[A-Za-z]{2} [A-Za-z]/ && $stmt !~ /_Static_assert|__asm__/) {
				die "$f:$line: a byte above 0x7f in a message\n" if $text =~ /[\x80-\xff]/;
				push @p, [ 'code', substr($s, $code, $at - $code) ];
				push @p, [ 'msg', $text, scalar(() = $g =~ /\n/g) ];
				push @msgs, $text;
				$code = pos($s);
			}
			$stmt .= '""';
		} else {
			$s =~ m{\G(.)}sgc;
			$stmt = '' if $1 eq ';' || $1 eq '{' || $1 eq '}';
			$stmt .= $1;
		}
		$line += () = substr($s, $at, pos($s) - $at) =~ /\n/g;
	}
	push @p, [ 'code', substr($s, $code) ];
	$pieces{$f} = \@p;
}

# A message as runs of symbols that pairs may join: conversions, and
# bytes below 0x20 but \t and \n, split them and stay as they are.
sub runs {
	my ($t) = @_;
	return map { /^(?:%[-0-9.*]*[lz]*[a-z%]|%|[\x00-\x08\x0b-\x1f])$/ ? [ 'raw', $_ ] : [ 'run', [ map { ord } split //, $_ ] ] }
	    grep { length } split /(%[-0-9.*]*[lz]*[a-z%]|%|[\x00-\x08\x0b-\x1f])/, $t;
}

# Byte-pair coding over the distinct messages: join the most frequent
# pair into a new symbol, 128 times or until no pair occurs 3 times (a
# pair costs 2 bytes of dictionary). Ties go to the smaller pair, so
# the output depends on the input only.
my %seen;
my @train = map { [ runs($_) ] } grep { !$seen{$_}++ } @msgs;
my @runs = map { $_->[1] } grep { $_->[0] eq 'run' } map { @$_ } @train;
my @dict;
while (@dict < 128) {
	my %cnt;
	for my $r (@runs) {
		my $last = '';
		for my $k (0 .. $#$r - 1) {
			my $pair = "$r->[$k],$r->[$k + 1]";
			# "aaa" holds one "aa" that can be joined, not two
			if ($pair eq $last) { $last = ''; next }
			$cnt{$pair}++;
			$last = $pair;
		}
	}
	my ($best) = sort { $cnt{$b} <=> $cnt{$a} || $a cmp $b } keys %cnt;
	last unless defined $best && $cnt{$best} >= 3;
	my ($x, $y) = split /,/, $best;
	my $sym = 0x80 + @dict;
	push @dict, [ $x, $y ];
	$_ = join_pair($_, $x, $y, $sym) for @runs;
}

sub join_pair {
	my ($r, $x, $y, $sym) = @_;
	my @o;
	for (my $k = 0; $k < @$r; $k++) {
		if ($k < $#$r && $r->[$k] == $x && $r->[$k + 1] == $y) {
			push @o, $sym;
			$k++;
		} else {
			push @o, $r->[$k];
		}
	}
	return \@o;
}

# A message coded with the dictionary, as a C literal: octal escapes
# (three digits, so a following digit cannot join them).
sub code {
	my ($t) = @_;
	my $c = '';
	for my $piece (runs($t)) {
		if ($piece->[0] eq 'raw') {
			$c .= $piece->[1];
			next;
		}
		my $r = $piece->[1];
		$r = join_pair($r, @{ $dict[$_] }, 0x80 + $_) for 0 .. $#dict;
		$c .= join '', map { chr } @$r;
	}
	# what fmt.c will print from it must be the text itself
	my $back = $c;
	1 while $back =~ s/([\x80-\xff])/chr($dict[ord($1) - 0x80][0]) . chr($dict[ord($1) - 0x80][1])/ge;
	die "msgpack.pl: a message does not come back: $t\n" unless $back eq $t;
	my $lit = join('', map {
		my $o = ord;
		$_ eq '"' ? '\\"' : $_ eq '\\' ? '\\\\' : $_ eq '?' ? '\\?' :
		$o >= 0x20 && $o < 0x7f ? $_ : sprintf('\\%03o', $o)
	} split //, $c);
	die "msgpack.pl: a literal does not read back: $t\n" unless unescape($lit, 'msgpack.pl') eq $c;
	return "\"$lit\"";
}

sub write_if_changed {
	my ($path, $text) = @_;
	if (open my $h, '<', $path) {
		local $/;
		return if <$h> eq $text;
	}
	open my $h, '>', "$path.tmp" or die "$path.tmp: $!\n";
	print $h $text;
	close $h or die "$path.tmp: $!\n";
	rename "$path.tmp", $path or die "$path: $!\n";
}

for my $f (@files) {
	my $text = "#line 1 \"$f\"\n";
	for my $p (@{ $pieces{$f} }) {
		# a coded group keeps the lines it spanned, so #line stays true
		$text .= $p->[0] eq 'code' ? $p->[1] : code($p->[1]) . ("\n" x $p->[2]);
	}
	(my $base = $f) =~ s{.*/}{};
	write_if_changed("$out/$base", $text);
}

my $h = "/* msgpack.pl: the pairs of minit's coded messages (fmt.c expands them). */\n" .
    "#define MSG_DICT 1\nstatic const unsigned char msg_dict[][2] = {\n" .
    join('', map { "\t{ $_->[0], $_->[1] },\n" } @dict) . "};\n";
write_if_changed("$out/msgdict.h", $h);
