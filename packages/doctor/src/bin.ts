#!/usr/bin/env node
import { doctorCommand } from './command.js';

process.exitCode = await doctorCommand(process.argv.slice(2));
